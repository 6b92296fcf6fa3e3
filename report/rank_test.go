package report

import (
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
)

func f64(v float64) *float64 { return &v }

// rankModel is a model with one estimate per (quant, bits, verdict, tps).
func rankModel(id string, index *float64, base bool, best string, ests ...Estimate) Model {
	m := Model{ModelInfo: ModelInfo{ID: id, Name: id}, Estimates: ests,
		Quality: Quality{Index: index, BaseModel: base}}
	if best != "" {
		m.BestQuant = &best
	}
	return m
}

func est(quant string, bits float64, verdict string, tps float64) Estimate {
	e := Estimate{Quant: quant, BitsPerWeight: bits, Verdict: verdict}
	if verdict != estimate.VerdictNo {
		e.DecodeTPS = &tps
	}
	return e
}

func TestRankBestThatFits(t *testing.T) {
	doc := &Document{Models: []Model{
		rankModel("big-slow", f64(95), false, "Q4_K_M", est("Q4_K_M", 4.8, "partial", 3), est("Q2_K", 2.6, "gpu", 12)),
		rankModel("mid", f64(80), false, "Q8_0", est("Q8_0", 8.5, "gpu", 40)),
		rankModel("mid-faster", f64(80), false, "Q4_K_M", est("Q4_K_M", 4.8, "gpu", 60)),
		rankModel("base", f64(99), true, "Q8_0", est("Q8_0", 8.5, "gpu", 50)),
		rankModel("unscored", nil, false, "Q8_0", est("Q8_0", 8.5, "gpu", 90)),
		rankModel("crawl", f64(99), false, "Q4_K_M", est("Q4_K_M", 4.8, "cpu", 2)),
		rankModel("nofit", f64(99), false, "", est("Q4_K_M", 4.8, "no", 0)),
	}}
	picks, err := Rank(doc, SortBest, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range picks {
		got = append(got, p.Model.ID+"@"+p.Estimate.Quant)
	}
	// big-slow is usable only at Q2_K, so it leads at Q2_K; equal indexes
	// go by speed; base and unscored follow; too slow comes last; what does
	// not fit is not listed.
	want := []string{"big-slow@Q2_K", "mid-faster@Q4_K_M", "mid@Q8_0", "unscored@Q8_0", "base@Q8_0", "crawl@Q4_K_M"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if picks[5].Usable || picks[5].Tier != TierSlow || !picks[0].Usable || picks[3].Tier != TierUnscored {
		t.Errorf("tiers: %+v", picks)
	}
	if _, err := Rank(doc, "bogus", 10); err == nil {
		t.Error("an unknown order was accepted")
	}
	speed, _ := Rank(doc, SortSpeed, 10)
	if speed[0].Model.ID != "unscored" {
		t.Errorf("speed order starts with %s", speed[0].Model.ID)
	}
	quality, _ := Rank(doc, SortQuality, 10)
	if quality[len(quality)-1].Model.ID != "unscored" {
		t.Errorf("quality order ends with %s, want the unscored model", quality[len(quality)-1].Model.ID)
	}
}

func TestTopPickNeedsUsableScoredModel(t *testing.T) {
	slow := &Document{Models: []Model{rankModel("crawl", f64(99), false, "Q4_K_M", est("Q4_K_M", 4.8, "cpu", 2))}}
	if p := TopPick(slow, 10); p != nil {
		t.Errorf("a model below the usable speed was picked: %+v", p)
	}
	fast := &Document{Models: []Model{rankModel("ok", f64(60), false, "Q4_K_M", est("Q4_K_M", 4.8, "gpu", 30))}}
	u := CompareUpgrade(slow, fast, "RTX 4090", 10)
	if u.Now != nil || u.Then == nil || u.Then.ModelID != "ok" || u.IndexGain != nil {
		t.Errorf("upgrade %+v", u)
	}
}

func TestRankByFacet(t *testing.T) {
	coder := rankModel("coder", f64(60), false, "Q8_0", est("Q8_0", 8.5, "gpu", 40))
	coder.Quality.Facets.Coding = &FacetIndex{Index: 95, Basis: 2}
	general := rankModel("general", f64(90), false, "Q8_0", est("Q8_0", 8.5, "gpu", 40))
	general.Quality.Facets.Coding = &FacetIndex{Index: 70, Basis: 1}
	chatOnly := rankModel("chat-only", f64(99), false, "Q8_0", est("Q8_0", 8.5, "gpu", 90))
	doc := &Document{Models: []Model{chatOnly, general, coder}}
	picks, err := Rank(doc, SortCoding, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{picks[0].Model.ID, picks[1].Model.ID, picks[2].Model.ID}; got[0] != "coder" || got[1] != "general" || got[2] != "chat-only" {
		t.Errorf("coding order %v, want coder, general, then the model without coding scores", got)
	}
	best, _ := Rank(doc, SortBest, 10)
	if best[0].Model.ID != "chat-only" {
		t.Errorf("best order starts with %s", best[0].Model.ID)
	}
}
