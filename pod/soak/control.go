package soak

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"symtui/pod/emulator"
)

// control drives the emulator through its control API (/_emulator/*), as
// any harness would: faults, expiries, churn, and the truth it reports.
// The control API is never faulted.
type control struct {
	base string
	http *http.Client
}

func newControl(base string) control {
	return control{base: base, http: &http.Client{Timeout: 30 * time.Second}}
}

// baseFaults are the rates that hold for the whole run.
func baseFaults() emulator.Faults {
	return emulator.Faults{ErrorRate: errorRate, DropRate: dropRate, LoseRate: loseRate}
}

func (c control) setFaults(f emulator.Faults) error { return c.post("faults", f, nil) }
func (c control) expireSessions() error             { return c.post("expire-sessions", nil, nil) }
func (c control) expireFeeds() error                { return c.post("expire-feeds", nil, nil) }

// churn sets the presence churn rate (changes per second).
func (c control) churn(rate float64) error {
	return c.post("churn", map[string]float64{"rate": rate}, nil)
}

// burst makes n presence changes at once.
func (c control) burst(n int) error { return c.post("churn", map[string]int{"burst": n}, nil) }

func (c control) stats() (emulator.Stats, error) {
	var st emulator.Stats
	return st, c.get("stats", &st)
}

// presenceRecord is one user's presence as GET /_emulator/presence has it.
type presenceRecord struct {
	Category  string `json:"category"`
	UserID    int64  `json:"userId"`
	Timestamp int64  `json:"timestamp"`
}

// presence is every user's presence on the emulator, by user id.
func (c control) presence() (map[int64]presenceRecord, error) {
	var list []presenceRecord
	if err := c.get("presence", &list); err != nil {
		return nil, err
	}
	out := make(map[int64]presenceRecord, len(list))
	for _, p := range list {
		out[p.UserID] = p
	}
	return out, nil
}

func (c control) post(path string, body, out any) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	resp, err := c.http.Post(c.base+"/_emulator/"+path, "application/json", rd)
	return c.answer("POST", path, resp, err, out)
}

func (c control) get(path string, out any) error {
	resp, err := c.http.Get(c.base + "/_emulator/" + path)
	return c.answer("GET", path, resp, err, out)
}

func (c control) answer(method, path string, resp *http.Response, err error, out any) error {
	if err != nil {
		return fmt.Errorf("emulator control %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("emulator control %s %s: HTTP %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(msg))
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("emulator control %s %s: %w", method, path, err)
	}
	return nil
}
