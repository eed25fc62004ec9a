package pod

import "testing"

func TestURLSafeStreamID(t *testing.T) {
	cases := map[string]string{
		"tzwvAZIdDMG3ZPRxv+xsgH///qr+JJkWdA==": "tzwvAZIdDMG3ZPRxv-xsgH___qr-JJkWdA",
		"o6UkQ1TEmU0Tf/DHUlZrCH///qr+JQowdA==": "o6UkQ1TEmU0Tf_DHUlZrCH___qr-JQowdA",
		"bjHSiY4iz3ar4iIh6-VzCX___peoM7cPdA":   "bjHSiY4iz3ar4iIh6-VzCX___peoM7cPdA",
		"":                                     "",
	}
	for in, want := range cases {
		if got := URLSafeStreamID(in); got != want {
			t.Errorf("URLSafeStreamID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTenantOf(t *testing.T) {
	// Ids from the spec's examples: pod197 and pod198 users, and a 2016-era id.
	cases := []struct {
		id     int64
		tenant int64
	}{
		{13537736917000, 197},
		{13606456393736, 198},
		{7078106103809, 103},
		{(1 << 36) - 1, 0},
	}
	for _, c := range cases {
		if got := TenantOf(c.id); got != c.tenant {
			t.Errorf("TenantOf(%d) = %d, want %d", c.id, got, c.tenant)
		}
	}
	if IsExternalUser(13537736917000, 197) || !IsExternalUser(13606456393736, 197) {
		t.Error("IsExternalUser disagrees with the tenant")
	}
}
