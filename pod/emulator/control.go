package emulator

import (
	"net/http"
)

// controlRoutes registers /_emulator/*, the control API for tests, benchmarks
// and the CLI. It needs no session, is never faulted and is not counted in
// the stats (so reading the stats does not change them).
//
//	GET  /_emulator/stats            request counters (Stats)
//	POST /_emulator/stats/reset      zero them
//	GET  /_emulator/faults           the fault configuration in force (Faults)
//	POST /_emulator/faults           replace it; {} clears every fault
//	POST /_emulator/expire-sessions  end every session (next call: 401 Invalid session)
//	POST /_emulator/expire-feeds     end every presence feed
//	POST /_emulator/churn            {"rate": changes/s, "burst": n}
//	GET  /_emulator/presence         every user's presence, by user id
func (e *Emulator) controlRoutes() {
	e.mux.HandleFunc("GET /_emulator/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, e.Stats())
	})
	e.mux.HandleFunc("POST /_emulator/stats/reset", func(w http.ResponseWriter, r *http.Request) {
		e.ResetStats()
		writeSuccess(w, "Stats reset")
	})
	e.mux.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, e.CurrentFaults())
	})
	e.mux.HandleFunc("POST /_emulator/faults", e.handleSetFaults)
	e.mux.HandleFunc("POST /_emulator/expire-sessions", func(w http.ResponseWriter, r *http.Request) {
		e.ExpireSessions()
		writeSuccess(w, "Sessions expired")
	})
	e.mux.HandleFunc("GET /_emulator/presence", e.handleEmulatorPresence)
	e.mux.HandleFunc("POST /_emulator/expire-feeds", func(w http.ResponseWriter, r *http.Request) {
		e.ExpireFeeds()
		writeSuccess(w, "Feeds expired")
	})
	e.mux.HandleFunc("POST /_emulator/churn", e.handleChurn)
}

// handleChurn sets the presence churn rate (changes per second, 0 stops it)
// and makes burst changes at once: {"rate": 5, "burst": 600}. A field left
// out keeps the rate as is or makes no burst.
func (e *Emulator) handleChurn(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Rate  *float64 `json:"rate"`
		Burst int      `json:"burst"`
	}
	if err := decodeBody(r, &body); err != nil || body.Burst < 0 || (body.Rate != nil && *body.Rate < 0) {
		writeError(w, http.StatusBadRequest, `The body must be {"rate": <changes per second >= 0>, "burst": <count >= 0>}`)
		return
	}
	if body.Rate != nil {
		e.SetChurn(*body.Rate)
	}
	if body.Burst > 0 {
		e.Burst(body.Burst)
	}
	writeSuccess(w, "OK")
}

// handleSetFaults replaces the fault configuration with the body (see Faults
// for the JSON); an empty object clears every fault.
func (e *Emulator) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	if err := decodeBody(r, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid faults: "+err.Error())
		return
	}
	if f.ErrorRate < 0 || f.ErrorRate > 1 || f.DropRate < 0 || f.DropRate > 1 ||
		f.Latency < 0 || f.Jitter < 0 || f.RateLimitNext < 0 {
		writeError(w, http.StatusBadRequest, "Invalid faults: rates must be in [0,1], durations and counts not negative")
		return
	}
	e.SetFaults(f)
	writeJSON(w, http.StatusOK, e.CurrentFaults())
}
