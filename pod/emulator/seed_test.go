package emulator

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestSeedIsDeterministic(t *testing.T) {
	a := startPod(t, Options{Seed: 7, Users: 500})
	b := startPod(t, Options{Seed: 7, Users: 500})
	c := startPod(t, Options{Seed: 8, Users: 500})
	snapshot := func(e *Emulator) []user {
		e.mu.Lock()
		defer e.mu.Unlock()
		out := make([]user, 0, len(e.st.userOrder))
		for _, id := range e.st.userOrder {
			u := *e.st.users[id]
			u.LastLoginDate, u.searchKey = 0, "" // the seeded bot may have logged in
			out = append(out, u)
		}
		return out
	}
	ua, ub, uc := snapshot(a), snapshot(b), snapshot(c)
	if len(ua) != 502 {
		t.Fatalf("%d users, want 500 seeded plus 2 service accounts", len(ua))
	}
	if !reflect.DeepEqual(ua, ub) {
		t.Fatal("same seed, different users")
	}
	if reflect.DeepEqual(ua, uc) {
		t.Fatal("different seeds, same users")
	}
}

func TestSeedShape(t *testing.T) {
	e := startPod(t, Options{Users: 5000})
	e.mu.Lock()
	defer e.mu.Unlock()
	var external, hostileN, disabled, suspended, admins int
	tenants := map[int64]int{}
	companies := map[string]bool{}
	for i, id := range e.st.userOrder {
		u := e.st.users[id]
		if i > 0 && e.st.userOrder[i-1] >= id {
			t.Fatal("userOrder is not ascending")
		}
		tenants[tenantOf(id)]++
		companies[u.Company] = true
		if u.External {
			external++
			if tenantOf(id) == e.st.podID {
				t.Fatalf("external user %d carries the local tenant", id)
			}
		} else if tenantOf(id) != e.st.podID {
			t.Fatalf("local user %d carries tenant %d", id, tenantOf(id))
		}
		if isHostile(u.DisplayName) || isHostile(u.Title) || isHostile(u.Department) {
			hostileN++
		}
		if u.Status == "DISABLED" {
			disabled++
		}
		if u.Suspended {
			suspended++
		}
		if u.hasRole("SUPER_ADMINISTRATOR", "USER_PROVISIONING") {
			admins++
		}
		if u.Presence.Category == "" {
			t.Fatalf("user %d has no presence", id)
		}
		if e.st.byUsername[u.Username] != u || e.st.byEmail[strings.ToLower(u.Email)] != u {
			t.Fatalf("user %d is not indexed by username and email", id)
		}
	}
	n := len(e.st.userOrder)
	between := func(what string, got int, lo, hi float64) {
		if f := float64(got) / float64(n); f < lo || f > hi {
			t.Errorf("%s: %d of %d (%.2f%%), want %.1f%%..%.1f%%", what, got, n, 100*f, 100*lo, 100*hi)
		}
	}
	between("external", external, 0.07, 0.13)
	between("hostile", hostileN, 0.005, 0.02)
	between("disabled", disabled, 0.01, 0.05)
	between("suspended", suspended, 0.005, 0.04)
	between("admins", admins, 0.005, 0.05)
	if len(tenants) < 4 || len(companies) < 4 {
		t.Errorf("%d tenants, %d companies; want several", len(tenants), len(companies))
	}
	for _, s := range hostileStrings {
		if !isHostile(s) && len([]rune(s)) < 300 {
			t.Errorf("hostile string %q is neither hostile nor long", s)
		}
	}
}

// isHostile: a terminal control, C1 control, bidi override, zero-width
// character, wide script or a 300-character value.
func isHostile(s string) bool {
	if len([]rune(s)) >= 300 {
		return true
	}
	for _, r := range s {
		switch {
		case r < 0x20, r >= 0x7f && r < 0xa0, r >= 0x202a && r <= 0x202e, r == 0x200b, r == 0x200c, r == 0x200d, r == 0xfeff,
			unicode.Is(unicode.Han, r), r >= 0x1f300:
			return true
		}
	}
	return false
}

func BenchmarkNew100k(b *testing.B) {
	for b.Loop() {
		e, err := New(Options{Users: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		_ = e.Close()
	}
}

func BenchmarkNew2000(b *testing.B) {
	for b.Loop() {
		e, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = e.Close()
	}
}
