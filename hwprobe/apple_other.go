//go:build !darwin

package hwprobe

import "context"

func readAppleFacts(context.Context) (appleFacts, []string) { return appleFacts{}, nil }

const probeApple = false
