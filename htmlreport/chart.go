package htmlreport

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/fitcheck/fitcheck/report"
)

// Charts are inline SVG written here, every text run escaped: html/template
// cannot build SVG element by element, and inline SVG needs no request.

// Memory segment colours (≥ 3:1 against white), each also named in the
// legend and the bar's text alternative.
const (
	colWeights = "#0b62a4"
	colKV      = "#b34d00"
	colCompute = "#1b7f4b"
)

type bar struct {
	SVG   template.HTML
	Label string // the same in words
}

// memoryBar draws weights, KV cache and compute buffers of an estimate
// against the option's memory budget (the dashed line).
func memoryBar(e report.Estimate, budget int64) bar {
	const w, h = 240.0, 16.0
	compute := e.ComputeBytes + e.OverheadBytes
	total := max(e.WeightsBytes+e.KVCacheBytes+compute, 1)
	scale := float64(max(total, budget)) * 1.04
	x := 0.0
	var b strings.Builder
	label := fmt.Sprintf("weights %s, KV cache %s, compute buffers %s; budget %s",
		report.Bytes(e.WeightsBytes), report.Bytes(e.KVCacheBytes), report.Bytes(compute), report.Bytes(budget))
	fmt.Fprintf(&b, `<svg class="membar" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`, w, h+2, w, h+2, html.EscapeString(label))
	fmt.Fprintf(&b, `<rect x="0" y="1" width="%.0f" height="%.0f" fill="#eef1f4"/>`, w, h)
	for _, s := range []struct {
		n   int64
		col string
	}{{e.WeightsBytes, colWeights}, {e.KVCacheBytes, colKV}, {compute, colCompute}} {
		sw := float64(s.n) / scale * w
		if sw <= 0 {
			continue
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="1" width="%.1f" height="%.0f" fill="%s"/>`, x, sw, h, s.col)
		x += sw
	}
	if budget > 0 {
		bx := float64(budget) / scale * w
		fmt.Fprintf(&b, `<line x1="%.1f" y1="0" x2="%.1f" y2="%.0f" stroke="#111" stroke-width="2" stroke-dasharray="3 2"/>`, bx, bx, h+2)
	}
	b.WriteString(`</svg>`)
	return bar{SVG: template.HTML(b.String()), Label: label}
}

// legendChars fits a legend entry in the plot's width; the full label is in
// the option cards and the tables.
const legendChars = 60

type chart struct {
	SVG   template.HTML
	Label string
}

// summaryChart is decode tokens/s of every model's best quantization on
// every option: one group of bars per model, one colour per option.
func summaryChart(v view) chart {
	const (
		width, labelW, barH, gap, groupGap = 960.0, 250.0, 14.0, 3.0, 12.0
		plotW                              = width - labelW - 110
	)
	// Legend items, wrapped to rows; the plot starts below them.
	type item struct{ x, y float64 }
	var legend []item
	lx, ly := labelW, 16.0
	for _, o := range v.Options {
		iw := 30 + 8*float64(len([]rune(clip(o.Label, legendChars))))
		if lx > labelW && lx+iw > width {
			lx, ly = labelW, ly+20
		}
		legend = append(legend, item{lx, ly})
		lx += iw
	}
	top := ly + 18
	k := float64(len(v.Options))
	groupH := k*barH + (k-1)*gap
	height := top + float64(len(v.Models))*(groupH+groupGap) + 24
	maxTPS := 0.0
	for _, m := range v.Models {
		for _, c := range m.Cells {
			if c.Decode1 != nil {
				maxTPS = max(maxTPS, *c.Decode1)
			}
		}
	}
	axisMax, step := niceAxis(maxTPS)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="summary" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="chart-title chart-desc">`, width, height)
	b.WriteString(`<title id="chart-title">Decode speed, tokens per second, by model and hardware option</title>`)
	fmt.Fprintf(&b, `<desc id="chart-desc">%s</desc>`, html.EscapeString(chartText(v)))
	for i, o := range v.Options {
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="12" height="12" fill="%s"/><text x="%.0f" y="%.0f" class="lg">%s</text>`,
			legend[i].x, legend[i].y-10, o.Colour, legend[i].x+16, legend[i].y, html.EscapeString(clip(o.Label, legendChars)))
	}
	// Grid and axis.
	plotBottom := height - 22
	for t := 0.0; t <= axisMax+1e-9; t += step {
		x := labelW + t/axisMax*plotW
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#d5dbe1"/>`, x, top-6, x, plotBottom)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="ax" text-anchor="middle">%s</text>`, x, plotBottom+14, trimNum(t))
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="ax" text-anchor="end">tok/s</text>`, width-4, plotBottom+14)
	y := top
	for _, m := range v.Models {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="ml" text-anchor="end">%s</text>`, labelW-8, y+groupH/2+4, html.EscapeString(clip(m.Name, 34)))
		for _, c := range m.Cells {
			if c.Decode1 != nil && axisMax > 0 {
				bw := max(*c.Decode1/axisMax*plotW, 1)
				fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`, labelW, y, bw, barH, c.Colour)
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="vl">%s · %s</text>`, labelW+bw+4, y+barH-3, c.DecodeMid, html.EscapeString(c.Quant))
			} else {
				fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="nf">does not fit</text>`, labelW+4, y+barH-3)
			}
			y += barH + gap
		}
		y += groupGap - gap
	}
	b.WriteString(`</svg>`)
	return chart{SVG: template.HTML(b.String()), Label: chartText(v)}
}

// chartText is the chart in words (its text alternative).
func chartText(v view) string {
	var parts []string
	for _, m := range v.Models {
		var cells []string
		for _, c := range m.Cells {
			if c.Decode1 != nil {
				cells = append(cells, fmt.Sprintf("%s %s tok/s at %s", c.Option, c.DecodeMid, c.Quant))
			} else {
				cells = append(cells, c.Option+" does not fit")
			}
		}
		parts = append(parts, m.Name+": "+strings.Join(cells, ", "))
	}
	return strings.Join(parts, ". ") + "."
}

// niceAxis rounds the axis up to 1, 2 or 5 × 10^n with 4–10 steps.
func niceAxis(v float64) (axisMax, step float64) {
	if v <= 0 {
		return 10, 2
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10} {
		step = m * mag
		if math.Ceil(v*1.08/step) <= 8 {
			break
		}
	}
	return math.Ceil(v*1.08/step) * step, step
}

func trimNum(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%g", v)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
