package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"symtui/ui"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the key reference in README.md from the keymap")

const (
	keysBegin = "<!-- keys:begin (generated from the keymap by `go test -run TestREADMEKeyReference -update-readme .`) -->"
	keysEnd   = "<!-- keys:end -->"
)

// keyReference renders the default keymap as the README's key reference.
func keyReference() string {
	var b strings.Builder
	group := ""
	for _, e := range ui.DefaultKeyMap().Entries() {
		if e.Group != group {
			group = e.Group
			fmt.Fprintf(&b, "\n**%s**\n\n| key | does | name in keys.yaml |\n|---|---|---|\n", group)
		}
		h := e.Binding.Help()
		desc := h.Desc
		if e.Mutating {
			desc += " (off in `--read-only`)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", h.Key, desc, e.Name)
	}
	return b.String()
}

// TestREADMEKeyReference keeps the README's key reference equal to the
// keymap, so the documentation cannot drift from the keys.
func TestREADMEKeyReference(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	begin := strings.Index(readme, keysBegin)
	end := strings.Index(readme, keysEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md lacks the key reference markers %q ... %q", keysBegin, keysEnd)
	}
	want := keysBegin + "\n" + keyReference() + "\n" + keysEnd
	got := readme[begin : end+len(keysEnd)]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile("README.md", []byte(readme[:begin]+want+readme[end+len(keysEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's key reference differs from the keymap; run: go test -run TestREADMEKeyReference -update-readme .")
}
