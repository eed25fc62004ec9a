package pod_test

import (
	"context"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

// BenchmarkE2EListAllUsers walks every user of a 5,000-user pod (five
// requests of 1,000 over loopback, decoding included).
func BenchmarkE2EListAllUsers(b *testing.B) {
	p := startPodUnvalidated(b, emulator.Options{Users: 5000}, pod.Options{}).client
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		users, err := pod.Collect(p.AllUsers(ctx))
		if err != nil || len(users) == 0 {
			b.Fatalf("%d users, %v", len(users), err)
		}
	}
}

// BenchmarkE2EAllPresence walks the presence of a 5,000-user pod.
func BenchmarkE2EAllPresence(b *testing.B) {
	p := startPodUnvalidated(b, emulator.Options{Users: 5000}, pod.Options{}).client
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ps, err := pod.Collect(p.AllPresence(ctx))
		if err != nil || len(ps) == 0 {
			b.Fatalf("%d presences, %v", len(ps), err)
		}
	}
}
