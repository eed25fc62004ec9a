package session

import (
	"fmt"
	"log/slog"
)

// Secret is a string that must never be shown: private key material,
// passwords and tokens. Every way fmt or slog can render it prints a
// placeholder instead; use string(s) where the raw value is really needed.
type Secret string

const redacted = "[redacted]"

// String implements fmt.Stringer.
func (s Secret) String() string { return s.placeholder() }

// GoString implements fmt.GoStringer (the %#v verb).
func (s Secret) GoString() string { return s.placeholder() }

// Format implements fmt.Formatter so that no verb (%s, %q, %x, %v ...) can
// print the value.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.placeholder()) }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.placeholder()) }

// MarshalText keeps secrets out of JSON/YAML dumps of a Config.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.placeholder()), nil }

func (s Secret) placeholder() string {
	if s == "" {
		return ""
	}
	return redacted
}
