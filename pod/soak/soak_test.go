package soak

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"
)

var (
	soakFor  = flag.Duration("soak.for", 30*time.Second, "how long the fault soak runs (make soak: SOAK_FOR, default 10m)")
	soakSeed = flag.Int64("soak.seed", 1, "the seed of the fault schedule, the emulator's data and the workload's choices (make soak: SOAK_SEED)")
)

// TestSoak runs the fault soak (30 s in make test; make soak runs it for
// 10 minutes) and fails when a figure is outside its bound.
func TestSoak(t *testing.T) {
	// Bounded well beyond the run, its setup and its settling: a hang
	// fails with what it was doing rather than at go test's timeout.
	ctx, cancel := context.WithTimeout(context.Background(), *soakFor+4*settleWait)
	defer cancel()
	rep, err := Run(ctx, Config{Duration: *soakFor, Seed: *soakSeed, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	// make soak (go test -v) prints the report as it is; otherwise it
	// shows only when the test fails.
	for _, l := range rep.Lines() {
		if testing.Verbose() {
			fmt.Println(l)
		} else {
			t.Log(l)
		}
	}
	if rep.Failed() > 0 {
		t.Errorf("%d figures outside their bounds", rep.Failed())
	}
}
