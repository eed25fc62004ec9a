// Package redact withholds what is shaped like a secret (a JWT, a PEM
// block, a long opaque token) in text an operator reads: the API log, the
// pod's messages, the status line and the message log, a query echoed back.
// One function, so that every place withholds the same shapes.
package redact

import (
	"regexp"
	"strings"
)

// Withheld stands in for a secret.
const Withheld = "[redacted]"

var (
	// pemBlock matches a PEM block, whole or cut off.
	pemBlock = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]+-----(?s:.*?)(?:-----END [A-Z0-9 ]+-----|$)`)
	// jwtLike matches a JWT: three base64url parts, the first a JSON object.
	jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	// opaqueToken matches a run of 40 or more characters of the base64
	// or hex alphabets: a session token, a key's body, a signature (when
	// it mixes letters and digits, see opaque). No id of the pod is that
	// long (stream ids are 22 to 28).
	opaqueToken = regexp.MustCompile(`[A-Za-z0-9+/_=-]{40,}`)
)

// Secrets replaces what is shaped like a secret in free text (a JWT, a
// PEM block, a long opaque token) with Withheld. Short text with neither a
// JWT's nor a PEM block's start costs a length check and two searches.
func Secrets(s string) string {
	if len(s) < 40 && !strings.Contains(s, "eyJ") && !strings.Contains(s, "-----BEGIN") {
		return s
	}
	s = pemBlock.ReplaceAllString(s, Withheld)
	s = jwtLike.ReplaceAllString(s, Withheld)
	return opaqueToken.ReplaceAllStringFunc(s, opaque)
}

// opaque withholds a long run of the token alphabets that mixes letters
// and digits, as random bytes encoded do. A long word of letters and
// dashes ("a-very-long-room-name-without-any-space") is text, and so is a
// path, told by its words ("/pod/v3/room/AbC…/info"): base64 has '/' too,
// but almost never two lowercase words between them.
func opaque(run string) string {
	if !strings.ContainsAny(run, "0123456789") || strings.IndexFunc(run, isASCIILetter) < 0 {
		return run
	}
	words := 0
	for _, seg := range strings.Split(run, "/") {
		if len(seg) >= 3 && strings.Trim(seg, "abcdefghijklmnopqrstuvwxyz") == "" {
			words++
		}
	}
	if words >= 2 {
		return run
	}
	return Withheld
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
