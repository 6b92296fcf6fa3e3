package ui

import (
	"cmp"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// Sorting: every table column is a sort key; compareBy gives its ascending
// order and the column's desc flag its natural direction.

// verdictRank orders verdicts best first.
func verdictRank(v string) int {
	switch v {
	case estimate.VerdictGPU:
		return 0
	case estimate.VerdictPartial:
		return 1
	case estimate.VerdictCPU:
		return 2
	}
	return 3
}

// compareBy compares two models on one column in its ascending order.
func compareBy(c colID, a, b *report.Model) int {
	ea, eb := shownEstimate(a), shownEstimate(b)
	switch c {
	case colName:
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	case colOrg:
		return cmp.Compare(strings.ToLower(a.Organisation), strings.ToLower(b.Organisation))
	case colFamily:
		return cmp.Compare(strings.ToLower(a.Family), strings.ToLower(b.Family))
	case colOrigin:
		return cmp.Compare(a.OriginCountry, b.OriginCountry)
	case colLicence:
		return cmp.Or(cmp.Compare(commercialRank(a.CommercialUse), commercialRank(b.CommercialUse)), cmp.Compare(a.Licence, b.Licence))
	case colParams:
		return cmp.Or(cmp.Compare(a.ParamsTotal, b.ParamsTotal), cmp.Compare(a.ParamsActive, b.ParamsActive))
	case colQuant:
		return cmp.Compare(quantBits(ea), quantBits(eb))
	case colMemory:
		return cmp.Compare(memoryOf(a), memoryOf(b))
	case colTPS:
		return cmp.Compare(tpsOf(ea), tpsOf(eb))
	case colVerdict:
		return cmp.Or(cmp.Compare(verdictRank(a.BestVerdict), verdictRank(b.BestVerdict)), cmp.Compare(b.ParamsTotal, a.ParamsTotal))
	case colReleased:
		return cmp.Compare(a.ReleasedLabel(), b.ReleasedLabel())
	case colContext:
		return cmp.Compare(a.ContextMax, b.ContextMax)
	case colModality:
		return cmp.Compare(a.Modality, b.Modality)
	case colQuality:
		return compareQuality(a, b)
	}
	return 0
}

func commercialRank(c string) int {
	switch c {
	case catalog.CommercialYes:
		return 0
	case catalog.CommercialConditional:
		return 1
	case catalog.CommercialNo:
		return 2
	}
	return 3
}

func quantBits(e *report.Estimate) float64 {
	if e == nil {
		return 0
	}
	return e.BitsPerWeight
}

// memoryOf is the figure the Memory column shows, so sorting follows
// what is on screen.
func memoryOf(rm *report.Model) int64 {
	b, _, ok := shownMemory(rm)
	if !ok {
		return 1 << 62
	}
	return b
}

// shownMemory is the Memory column of a model: the memory that decides the
// verdict of its best quantization (report.DecidingBytes: GPU bytes when it
// runs fully on the GPU, the total otherwise); for a model that does not
// fit, the total its smallest quantization needs (fits false). ok is false
// when the model has no estimate.
func shownMemory(rm *report.Model) (bytes int64, fits, ok bool) {
	if e := shownEstimate(rm); e != nil {
		return report.DecidingBytes(*e), true, true
	}
	if e := smallestEstimate(rm); e != nil {
		return e.TotalBytes, false, true
	}
	return 0, false, false
}

func tpsOf(e *report.Estimate) float64 {
	if e == nil || e.DecodeTPS == nil {
		return 0
	}
	return *e.DecodeTPS
}
