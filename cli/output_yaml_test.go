package cli

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"symtui/export"
	"symtui/pod/emulator"
)

// hostileStrings: every C0 and C1 control, escape sequences of each kind,
// bidi controls, zero-width characters, separators, invalid UTF-8, a
// 10,000-character value, and strings YAML would read as something else.
func hostileStrings() []string {
	out := []string{
		"", " ", " lead", "trail ", "yes", "no", "on", "null", "~", "true", "12", "0x1f", "1e3", "0o17", "1_000", ".inf",
		"- item", ": colon", "a: b", "#hash", "a #b", "'", `"`, `\`, `\u202e`, "{a}", "[a]", "*alias", "&anchor",
		"!tag", "%dir", "@at", "`tick", "|", ">", "---", "...", "?", "a,b", "\U0001F600 emoji", "漢字",
		"\x1b[31mred\x1b[0m", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1bP1$r\x1b\\",
		"\u009b31m", "\u009d0;title\u009c", "\x1b[", "\x1b]0;unterminated", "a\x00b", "cr\roverwrite", "a\nb\n",
		"tab\there", "\u202eevil", "\u2066iso\u2069", "\u200bzw\u200d", "\ufeffbom", "\u00adsoft", "\u061c",
		"line\u2028sep\u2029", "nel\u0085", "bad\xffutf8", "\xc3", strings.Repeat("long value ", 1000)[:10000],
	}
	for c := 0; c < 0x20; c++ {
		out = append(out, fmt.Sprintf("c0 %c end", c))
	}
	for c := 0x7f; c < 0xa0; c++ {
		out = append(out, fmt.Sprintf("c1 %c end", rune(c)))
	}
	return out
}

// unsafeForTerminal reports the first rune of out a terminal would act on
// or hide.
func unsafeForTerminal(out string) (rune, int, bool) {
	for i, r := range out {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || export.Invisible(r) || r == 0x2028 || r == 0x2029 {
			return r, i, true
		}
	}
	return 0, 0, false
}

// A YAML decoder gets back exactly what a JSON decoder gets from -o json,
// and the YAML text itself holds nothing a terminal would act on.
func TestYAMLKeepsValuesAndIsInert(t *testing.T) {
	strs := hostileStrings()
	record := map[string]any{"list": strs, "n": int64(13056700581352), "f": 1.5, "ok": true, "none": nil, "empty": []string{}}
	for _, s := range strs {
		record["key "+s] = s // keys from the pod (user metadata) too
	}
	for _, doc := range []any{record, []any{record, strs}, []any{}} {
		out, err := yamlOf(doc)
		if err != nil {
			t.Fatal(err)
		}
		if r, i, bad := unsafeForTerminal(string(out)); bad {
			t.Fatalf("YAML output holds %U at byte %d: %q", r, i, out[max(i-20, 0):min(i+20, len(out))])
		}
		j, _ := json.Marshal(doc)
		var want, got any
		if err := json.Unmarshal(j, &want); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(out, &got); err != nil {
			t.Fatalf("the output does not parse as YAML: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalize(got), normalize(want)) {
			for _, s := range strs { // name the value that did not survive
				if yamlRoundTrip(t, s) != jsonRoundTrip(s) {
					t.Errorf("%q came back as %q", s, yamlRoundTrip(t, s))
				}
			}
			t.Fatalf("YAML decodes to a different value than JSON")
		}
	}
}

func yamlRoundTrip(t *testing.T, s string) string {
	out, err := yamlOf(s)
	if err != nil {
		t.Fatal(err)
	}
	var back string
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatalf("%q: %v\n%s", s, err, out)
	}
	return back
}

func jsonRoundTrip(s string) string {
	j, _ := json.Marshal(s)
	var back string
	_ = json.Unmarshal(j, &back)
	return back
}

// normalize makes JSON's and YAML's decodings comparable: numbers as
// float64, maps with string keys.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return v
}

// Against the emulator (whose seed holds users with hostile strings), -o
// yaml lists what -o json lists, and is inert.
func TestGetYAMLMatchesJSON(t *testing.T) {
	// A still clock: each command logs in, and a moving one would change
	// the bot's lastLoginDate between the two listings.
	start := time.Now()
	_, cfg := startPod(t, emulator.Options{Users: 1500, Rooms: 20, Now: func() time.Time { return start }})
	for _, args := range [][]string{{"users"}, {"rooms"}, {"connections"}} {
		args = append(args, "--config", cfg)
		code, js, errOut := runCmd(t, Get, append(args, "-o", "json")...)
		if code != ExitOK {
			t.Fatalf("%v -o json: exit %d, %s", args, code, errOut)
		}
		code, ym, errOut := runCmd(t, Get, append(args, "-o", "yaml")...)
		if code != ExitOK {
			t.Fatalf("%v -o yaml: exit %d, %s", args, code, errOut)
		}
		if r, i, bad := unsafeForTerminal(ym); bad {
			t.Fatalf("%v -o yaml holds %U at byte %d", args, r, i)
		}
		var want, got any
		if err := json.Unmarshal([]byte(js), &want); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(ym), &got); err != nil {
			t.Fatalf("%v -o yaml does not parse: %v", args, err)
		}
		if g, w := normalize(got), normalize(want); !reflect.DeepEqual(g, w) {
			gl, wl := g.([]any), w.([]any)
			for i := range min(len(gl), len(wl)) {
				if !reflect.DeepEqual(gl[i], wl[i]) {
					t.Fatalf("%v: record %d differs:\n yaml %#v\n json %#v", args, i, gl[i], wl[i])
				}
			}
			t.Errorf("%v: -o yaml lists %d records, -o json %d", args, len(gl), len(wl))
		}
	}
}
