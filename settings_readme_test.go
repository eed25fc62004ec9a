package main

import (
	"os"
	"strings"
	"testing"

	"symtui/settings"
)

// The settings example the README shows is a file the console takes, whole:
// no error, no warning, the contexts and keys it says.
func TestREADMESettingsExampleLoads(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "`~/.config/symtui/config.yaml` lists the pods")
	if !ok {
		t.Fatal("README.md no longer introduces the settings file")
	}
	var b strings.Builder
	for _, l := range strings.Split(after, "\n") {
		if strings.HasPrefix(l, "    ") {
			b.WriteString(strings.TrimPrefix(l, "    ") + "\n")
		} else if b.Len() > 0 {
			break
		}
	}
	f, warnings, err := settings.Parse("config.yaml", []byte(b.String()))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("the README's settings example:\n%s\nerr %v, warnings %v", b.String(), err, warnings)
	}
	if f.Theme != "light" || !f.Mouse || f.Context != "uat-east" || len(f.Contexts) != 2 ||
		!f.Contexts[0].ReadOnly || f.Contexts[0].Color != "red" || f.Contexts[1].AsUser != "ana.lopez" {
		t.Errorf("the README's example reads as %+v", f)
	}
}
