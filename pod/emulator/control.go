package emulator

import (
	"fmt"
	"net/http"
)

// controlRoutes registers /_emulator/*, the control API for tests, benchmarks
// and the CLI. It needs no session (but a bearer token when the emulator has
// a ControlToken), is never faulted and is not counted in the stats (so
// reading the stats does not change them).
//
//	GET  /_emulator/stats            request counters (Stats)
//	POST /_emulator/stats/reset      zero them
//	GET  /_emulator/faults           the fault configuration in force (Faults)
//	POST /_emulator/faults           replace it; {} clears every fault; answers what is in force
//	POST /_emulator/expire-sessions  end every session (next call: 401 Invalid session)
//	POST /_emulator/expire-feeds     end every presence feed
//	POST /_emulator/churn            {"rate": changes/s, "burst": n}; answers the rate in force and the burst made
//	GET  /_emulator/presence         every user's presence, by user id
//	GET  /_emulator/apps/{appId}/permissions  what the app may do on behalf of a user
//	POST /_emulator/apps/{appId}/permissions  {"permissions": [...]}: replace them; answers what is in force
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
	e.mux.HandleFunc("GET /_emulator/apps/{appId}/permissions", e.handleAppPermissions)
	e.mux.HandleFunc("POST /_emulator/apps/{appId}/permissions", e.handleSetAppPermissions)
}

// churnControl is the body and the answer of POST /_emulator/churn.
type churnControl struct {
	Rate  *float64 `json:"rate,omitempty"`
	Burst int      `json:"burst"`
}

// handleChurn sets the presence churn rate (changes per second, 0 stops it)
// and makes burst changes at once: {"rate": 5, "burst": 600}. A field left
// out keeps the rate as is or makes no burst. It answers the rate now in
// force and the burst it made.
func (e *Emulator) handleChurn(w http.ResponseWriter, r *http.Request) {
	var body churnControl
	if err := decodeStrict(r, &body); err != nil {
		writeError(w, http.StatusBadRequest, `The body must be {"rate": <changes per second>, "burst": <count>}: `+err.Error())
		return
	}
	if body.Rate != nil && !(*body.Rate >= 0 && *body.Rate <= MaxChurnRate) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("rate %v: want 0 to %d changes per second", *body.Rate, MaxChurnRate))
		return
	}
	if body.Burst < 0 || body.Burst > MaxBurst {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("burst %d: want 0 to %d changes", body.Burst, MaxBurst))
		return
	}
	if body.Rate != nil {
		e.SetChurn(*body.Rate)
	}
	if body.Burst > 0 {
		e.Burst(body.Burst)
	}
	rate := e.Churn()
	writeJSON(w, http.StatusOK, churnControl{Rate: &rate, Burst: body.Burst})
}

// handleSetFaults replaces the fault configuration with the body (see Faults
// for the JSON; an unknown field is refused); an empty object clears every
// fault. It answers the configuration now in force.
func (e *Emulator) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	if err := decodeBody(r, &f); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid faults: "+err.Error())
		return
	}
	if err := f.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid faults: "+err.Error())
		return
	}
	e.SetFaults(f)
	writeJSON(w, http.StatusOK, e.CurrentFaults())
}
