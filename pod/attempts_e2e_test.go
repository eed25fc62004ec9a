package pod_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/pod/emulator"
)

// One stalled answer costs one attempt, not the call: each attempt has its
// own deadline (readTimeout), separate from the call's, and the retry policy
// tries again.
func TestE2EStalledReadsAreRetriedWithinTheCall(t *testing.T) {
	const route = "/pod/v2/sessioninfo"
	for _, c := range []struct {
		name  string
		fault fault
	}{
		{"no answer", stallAnswer},
		{"answer stops halfway", stallBody},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, proxy := startPodBehind(t, emulator.Options{Users: 20}, pod.Options{ReadTimeout: 300 * time.Millisecond})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := p.client.SessionInfo(ctx); err != nil { // sign in outside the faults
				t.Fatal(err)
			}
			proxy.on(http.MethodGet, route, c.fault, c.fault)
			me, err := p.client.SessionInfo(ctx)
			if err != nil || me.ID != p.emu.Credentials.BotUserID {
				t.Fatalf("read after two stalled answers: %+v, %v", me, err)
			}
			var stalls []error
			for _, ri := range p.seen.snapshot()[1:] {
				if ri.Err != nil {
					stalls = append(stalls, ri.Err)
				}
			}
			var te *pod.AttemptTimeoutError
			if len(stalls) != 2 || !errors.As(stalls[0], &te) || te.After != 300*time.Millisecond {
				t.Fatalf("attempt errors %v, want two read timeouts", stalls)
			}
			if n := proxy.count(http.MethodGet, route); n != 4 {
				t.Fatalf("%d requests, want 4 (sign-in check, two stalled, one answered)", n)
			}
		})
	}
}

// When every attempt stalls the policy's attempts run out and the error
// says so, naming the read timeout rather than "did not answer in time".
func TestE2EEveryAttemptStalled(t *testing.T) {
	p, proxy := startPodBehind(t, emulator.Options{Users: 20}, pod.Options{
		ReadTimeout: 100 * time.Millisecond,
		Retry:       &pod.RetryPolicy{MaxAttempts: 3, InitialInterval: 10 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
	})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	proxy.on(http.MethodGet, "/pod/v2/sessioninfo", stallAnswer, stallAnswer, stallAnswer)
	_, err := p.client.SessionInfo(ctx)
	if err == nil || !strings.Contains(err.Error(), "did not answer GET /pod/v2/sessioninfo within the read timeout (100ms, 3 attempts)") {
		t.Fatalf("err = %v", err)
	}
}

// A lookup that fails names its route and how many ids it carried, not the
// kilobytes of URL.
func TestE2EFailedLookupNamesEndpointAndCount(t *testing.T) {
	p, proxy := startPodBehind(t, emulator.Options{Users: 20}, pod.Options{
		ReadTimeout: 200 * time.Millisecond,
		Retry:       &pod.RetryPolicy{MaxAttempts: 2, InitialInterval: 10 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
	})
	ctx := testContext(t)
	if _, err := p.client.SessionInfo(ctx); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 250)
	for i := range ids {
		ids[i] = 349026222340000 + int64(i)
	}
	for _, c := range []struct {
		name  string
		fault fault
		want  string
	}{
		{"connection closed", dropRequest, "cannot reach the pod at 127.0.0.1:"},
		{"connection reset", resetRequest, "was reset before the answer arrived"},
		{"gateway error", actThen502, "the pod failed to handle GET /pod/v3/users for %s user ids (of 250) (HTTP 502"},
		{"stalled", stallAnswer, "did not answer GET /pod/v3/users for %s user ids (of 250) within the read timeout"},
	} {
		t.Run(c.name, func(t *testing.T) {
			// More faults than attempts: net/http itself may resend an
			// idempotent request that met a closed keep-alive connection.
			for range 6 {
				proxy.on(http.MethodGet, "/pod/v3/users", c.fault)
			}
			defer proxy.clear()
			_, err := p.client.UsersByID(ctx, ids, pod.LookupOptions{})
			if err == nil {
				t.Fatal("the lookup succeeded through the faults")
			}
			// The three requests go out together: the first to fail names
			// its own chunk, of 100 ids or of the last 50.
			msg := err.Error()
			said := func(want string) bool {
				return strings.Contains(msg, strings.ReplaceAll(want, "%s", "100")) || strings.Contains(msg, strings.ReplaceAll(want, "%s", "50"))
			}
			if !said(c.want) || !said("GET /pod/v3/users for %s user ids (of 250)") {
				t.Fatalf("error %q does not say %q", msg, c.want)
			}
			t.Logf("%s", msg)
			if strings.Contains(msg, "uid=") || strings.Contains(msg, "349026222340") || len(msg) > 400 {
				t.Fatalf("error quotes the URL (%d bytes): %s", len(msg), msg)
			}
		})
	}
}
