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
func verdictRank(v string) int { return 3 - estimate.VerdictRank(v) }

// missing reports whether a model has no value in a column: such rows sort
// last in either direction (an unknown date is not the newest).
func missing(c colID, rm *report.Model) bool {
	switch c {
	case colReleased:
		return rm.Released == nil
	case colQuant, colTPS:
		return bestEstimate(rm) == nil
	case colMemory:
		_, _, ok := shownMemory(rm)
		return !ok
	case colContext:
		return rm.ContextMax <= 0
	}
	return false
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

// shownMemory is the Total column of a model, with one meaning on every
// row and screen: the memory its quantization takes, GPU and RAM together
// (weights, KV cache, compute, overhead), as in the detail's Total column. The
// quantization is the best one; for a model that does not fit, the
// smallest (fits false), which the detail opens on. ok is false when the
// model has no estimate.
func shownMemory(rm *report.Model) (bytes int64, fits, ok bool) {
	if e := shownEstimate(rm); e != nil {
		return e.TotalBytes, true, true
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
