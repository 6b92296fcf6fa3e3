// Package plan answers fitcheck's questions from the other end: given a
// model and a workload (concurrent users, decode tokens/s per user, time to
// first token, context), which hardware from the accelerator database meets
// every target, ranked by price; what a million tokens costs on it; and how
// that compares with hosted APIs selling the same open model.
//
// It is pure: every figure comes from the forward estimator (package
// estimate) on hardware built exactly as the CLI builds it from the
// --gpu/--ram arguments a plan prints, so a plan fed back to
// `fitcheck fit --gpu ... --ram ... --parallel USERS` gives the same
// numbers. The embedded tables (accelerator prices in hwprobe, hosted API
// prices here) carry a date and a URL per row. No I/O.
package plan
