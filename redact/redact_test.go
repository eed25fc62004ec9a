package redact

import (
	"strings"
	"testing"
)

// Secret-shaped values: a JWT, a PEM key, a session token (base64 of 32
// random bytes, as the emulator's, and 128 hex characters, as a pod's).
var secretCorpus = []string{
	"eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU",
	"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----",
	"Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq",
	strings.Repeat("0a1b2c3d4e5f6789", 8),
}

func TestSecretsWithholdsEverySecretShape(t *testing.T) {
	for _, sec := range secretCorpus {
		got := Secrets("before " + sec + " after")
		if strings.Contains(got, sec) || strings.Contains(got, "eyJ") || strings.Contains(got, "MIIEvQ") || got != "before "+Withheld+" after" {
			t.Errorf("Secrets(%.20q…) = %q", sec, got)
		}
	}
	// Text stays text: ids, a stream id, long words, a URL.
	for _, keep := range []string{
		"user 13056700580841 in room -88fn_Z-CpN6NT99a_WvL1Lt///",
		"a-very-long-room-name-made-of-words-and-dashes-only-here",
		"https://pod.example/pod/v3/room/AbCdEf0123456789xYz_-w/info",
		"uid=13056700580841,13056700580842,13056700580843,13056700580844",
	} {
		if got := Secrets(keep); got != keep {
			t.Errorf("Secrets(%q) = %q, want it unchanged", keep, got)
		}
	}
}
