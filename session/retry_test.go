package session

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

func TestBackoffFullJitterIsBounded(t *testing.T) {
	p := Retry{InitialInterval: 100 * time.Millisecond, MaxInterval: 2 * time.Second, Multiplier: 3}.WithDefaults()
	wantCeilings := []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 900 * time.Millisecond, 2 * time.Second, 2 * time.Second}
	for i, want := range wantCeilings {
		n := i + 1
		if got := p.Ceiling(n); got != want {
			t.Fatalf("ceiling(%d) = %v, want %v", n, got, want)
		}
		distinct := map[time.Duration]bool{}
		for range 500 {
			d := p.Backoff(n, 0, false, rand.Int64N)
			if d < 0 || d > want {
				t.Fatalf("backoff(%d) = %v outside [0, %v]", n, d, want)
			}
			distinct[d] = true
		}
		if len(distinct) < 10 {
			t.Fatalf("backoff(%d) took only %d distinct values in 500 draws: no jitter", n, len(distinct))
		}
	}
	if got := p.Ceiling(1000); got != 2*time.Second {
		t.Fatalf("ceiling overflowed: %v", got)
	}
}

func TestDefaultPolicyIsTheBDKs(t *testing.T) {
	p := Retry{}.WithDefaults()
	if p.MaxAttempts != 10 || p.InitialInterval != 500*time.Millisecond || p.Multiplier != 2 || p.MaxInterval != 5*time.Minute {
		t.Fatalf("defaults = %+v", p)
	}
}

func TestSleepReturnsWhenDone(t *testing.T) {
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
