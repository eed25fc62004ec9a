package ui

import "symtui/inert"

// Sanitize makes a string from the pod safe to put on the terminal, on one
// line: the one choke point for pod data (names, descriptions, error
// bodies). See inert.Sanitize: escape sequences go whole, controls and
// invisible characters are dropped, line breaks and tabs become spaces.
// A value that is part of a longer text is sanitized on its own before it
// is joined: an unterminated sequence swallows the rest of what it is in.
func Sanitize(s string) string { return inert.Sanitize(s) }

func isPlainASCII(s string) bool { return inert.PlainASCII(s) }

// Unsafe reports whether r must never reach the terminal as itself (see
// inert.Unsafe): controls, line and paragraph separators, and invisible
// characters. Sanitize drops them, Visible names them; the render tests
// forbid them.
func Unsafe(r rune) bool { return inert.Unsafe(r) }
