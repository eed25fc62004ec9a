package users

import (
	"symtui/pod"
	"symtui/ui"
)

// Summary implements ui.Summarizer: the directory's users by status, from
// every user its admin list brought, and whether it is all of them.
func (v *Tab) Summary() string {
	var enabled, disabled, suspended int
	for _, id := range v.listIDs {
		r := v.recs[id]
		switch r.Status {
		case pod.UserEnabled:
			enabled++
		case pod.UserDisabled:
			disabled++
		}
		if r.Suspended {
			suspended++
		}
	}
	s := ui.Thousands(len(v.listIDs)) + " users (" + ui.Thousands(enabled) + " enabled, " + ui.Thousands(disabled) + " disabled"
	if suspended > 0 {
		s += ", " + ui.Thousands(suspended) + " suspended"
	}
	s += ")"
	switch {
	case v.listErr != nil:
		s += ", loading failed (the Users tab says why)"
	case !v.listDone:
		s += ", still loading"
	}
	return s
}
