package report

// Upgrade is "what one more GPU buys": the best model that fits now and
// the best with one more of the same GPU, by the "best that fits" order.
type Upgrade struct {
	GPU       string       `json:"gpu"`        // the GPU added
	GPUsNow   int          `json:"gpus_now"`   // GPUs now
	GPUsThen  int          `json:"gpus_then"`  // GPUs with the upgrade
	Now       *UpgradePick `json:"now"`        // null when no scored model runs at the usable speed
	Then      *UpgradePick `json:"then"`       // likewise, with the upgrade
	IndexGain *float64     `json:"index_gain"` // then.index − now.index; null when either is null
}

// UpgradePick is the top model of a ranking.
type UpgradePick struct {
	ModelID   string   `json:"model_id"`
	Name      string   `json:"name"`
	Quant     string   `json:"quant"`
	Verdict   string   `json:"verdict"`
	DecodeTPS *float64 `json:"decode_tps"`
	Index     *float64 `json:"index"`
}

// CompareUpgrade ranks both documents and reports their best picks.
func CompareUpgrade(now, then *Document, gpu string, minTPS float64) *Upgrade {
	u := &Upgrade{GPU: gpu, GPUsNow: len(now.Hardware.GPUs), GPUsThen: len(then.Hardware.GPUs),
		Now: TopPick(now, minTPS), Then: TopPick(then, minTPS)}
	if u.Now != nil && u.Then != nil && u.Now.Index != nil && u.Then.Index != nil {
		g := round(*u.Then.Index-*u.Now.Index, 1)
		u.IndexGain = &g
	}
	return u
}

// TopPick is the first model of the "best that fits" order when it runs at
// the usable speed and has a quality index; nil otherwise.
func TopPick(doc *Document, minTPS float64) *UpgradePick {
	picks, _ := Rank(doc, SortBest, minTPS)
	if len(picks) == 0 || picks[0].Tier != TierBest {
		return nil
	}
	p := picks[0]
	return &UpgradePick{ModelID: p.Model.ID, Name: p.Model.Name, Quant: p.Estimate.Quant,
		Verdict: p.Estimate.Verdict, DecodeTPS: p.Estimate.DecodeTPS, Index: p.Model.Quality.Index}
}
