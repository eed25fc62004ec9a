package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"symtui/pod/membership"
	"symtui/ui"
)

// setPrinter writes what members set plans and does: text for people, or
// JSON lines (the plan, one line per change as it ends, a summary).
type setPrinter struct {
	w     io.Writer
	json  bool
	apply bool
	held  string // why the plan is shown only though changes were asked for ("": they were not, or are made)
	names *userNames

	mu  sync.Mutex
	err error // the first write failure
}

type changeOut struct {
	Op     string  `json:"op"`
	User   userOut `json:"user"`
	Via    string  `json:"via"`
	AsUser int64   `json:"asUser,omitempty"`
}

type heldOut struct {
	Op     string  `json:"op"`
	User   userOut `json:"user"`
	Reason string  `json:"reason"`
}

type setPlanOut struct {
	Kind      string      `json:"kind"` // "plan"
	Room      roomOut     `json:"room"`
	Add       []changeOut `json:"add"`
	Remove    []changeOut `json:"remove"`
	Promote   []changeOut `json:"promote"`
	Demote    []changeOut `json:"demote"`
	Held      []heldOut   `json:"held"`
	Unknown   []string    `json:"unknown"`
	Disabled  []userOut   `json:"disabled"`
	Unchanged int         `json:"unchanged"`
	Changes   int         `json:"changes"`
}

type roomOut struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type,omitempty"`
	Active  bool   `json:"active"`
	Members int    `json:"members"`
	Owners  int    `json:"owners"`
}

type resultOut struct {
	Kind   string  `json:"kind"` // "result"
	Room   string  `json:"room"`
	Op     string  `json:"op"`
	User   userOut `json:"user"`
	Via    string  `json:"via"`
	Result string  `json:"result"`
	Error  string  `json:"error,omitempty"`
}

// tally is what became of a run's changes: the summary line's first fields.
type tally struct {
	Kind         string `json:"kind"` // "summary"
	Done         int    `json:"done"`
	Already      int    `json:"already"`
	Failed       int    `json:"failed"`
	NotAttempted int    `json:"notAttempted"`
	Stopped      bool   `json:"stopped"`
}

func tallyOf(rs []membership.Result, stopped bool) tally {
	return tally{Kind: "summary", Done: countOutcome(rs, membership.Done), Already: countOutcome(rs, membership.Already),
		Failed: countOutcome(rs, membership.Failed), NotAttempted: countOutcome(rs, membership.NotAttempted), Stopped: stopped}
}

// text is the tally for people: "done 3, already so 0, failed 1, not attempted 0".
func (t tally) text() string {
	s := fmt.Sprintf("done %d, already so %d, failed %d, not attempted %d", t.Done, t.Already, t.Failed, t.NotAttempted)
	if t.Stopped {
		s += " · stopped"
	}
	return s
}

type summaryOut struct {
	tally
	Left      *setPlanOut `json:"left,omitempty"`
	LeftError string      `json:"leftError,omitempty"`
}

func outRoom(r *membership.Room) roomOut {
	return roomOut{ID: r.ID, Name: r.Name, Type: r.Type, Active: r.Active, Members: len(r.Members), Owners: len(r.Owners())}
}

func (p *setPrinter) changes(cs []membership.Change) []changeOut {
	out := make([]changeOut, len(cs))
	for i, c := range cs {
		out[i] = changeOut{Op: c.Op.String(), User: p.names.out(c.UserID), Via: c.Via.String(), AsUser: c.AsUser}
	}
	return out
}

func (p *setPrinter) planOut(sp *membership.SetPlan) *setPlanOut {
	o := &setPlanOut{Kind: "plan", Room: outRoom(&sp.Room), Add: p.changes(sp.Add), Remove: p.changes(sp.Remove),
		Promote: p.changes(sp.Promote), Demote: p.changes(sp.Demote), Held: []heldOut{}, Unknown: sp.Unknown,
		Disabled: []userOut{}, Unchanged: sp.Unchanged, Changes: sp.Changes()}
	if o.Unknown == nil {
		o.Unknown = []string{}
	}
	for _, h := range sp.Held {
		o.Held = append(o.Held, heldOut{Op: h.Op.String(), User: p.names.out(h.UserID), Reason: h.Reason})
	}
	for _, u := range sp.Disabled {
		o.Disabled = append(o.Disabled, p.names.out(u.ID))
	}
	return o
}

// plan prints the plan.
func (p *setPrinter) plan(sp *membership.SetPlan) error {
	if p.json {
		return writeJSONLine(p.w, p.planOut(sp))
	}
	var b strings.Builder
	r := &sp.Room
	state := ""
	if !r.Active {
		state = " · INACTIVE (membership locked)"
	}
	fmt.Fprintf(&b, "room %s (%s) · %s, %s%s\n", cleanText(r.Name), cleanText(r.ID), plural(len(r.Members), "member"), plural(len(r.Owners()), "owner"), state)
	p.textChanges(&b, "to remove", sp.Remove)
	p.textChanges(&b, "to add", sp.Add)
	p.textChanges(&b, "to promote", sp.Promote)
	p.textChanges(&b, "to demote", sp.Demote)
	if len(sp.Held) > 0 {
		fmt.Fprintf(&b, "held back (%d)\n", len(sp.Held))
		for _, h := range sp.Held {
			hint := ""
			if h.Hold == membership.HoldSelf {
				hint = " (--include-self)"
			}
			fmt.Fprintf(&b, "  %s %s: %s%s\n", h.Op, p.names.label(h.UserID), cleanText(h.Reason), hint)
		}
	}
	if len(sp.Unknown) > 0 {
		fmt.Fprintf(&b, "unknown, skipped (%d)\n", len(sp.Unknown))
		for _, e := range sp.Unknown {
			fmt.Fprintf(&b, "  %s\n", cleanText(e))
		}
	}
	if len(sp.Disabled) > 0 {
		fmt.Fprintf(&b, "disabled, left as they are (%d)\n", len(sp.Disabled))
		for _, u := range sp.Disabled {
			fmt.Fprintf(&b, "  %s\n", p.names.label(u.ID))
		}
	}
	fmt.Fprintf(&b, "unchanged: %d\n", sp.Unchanged)
	planEnd(&b, sp.Changes(), p.apply, p.held, "--apply makes them")
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (p *setPrinter) textChanges(b *strings.Builder, title string, cs []membership.Change) {
	fmt.Fprintf(b, "%s (%d)\n", title, len(cs))
	for _, c := range cs {
		fmt.Fprintf(b, "  %s%s\n", p.names.label(c.UserID), viaText(c))
	}
}

// viaText says which endpoint a change takes when it is not the room's own.
func viaText(c membership.Change) string {
	switch c.Via {
	case membership.ViaAdmin:
		return " · admin endpoint"
	case membership.ViaOwner:
		return fmt.Sprintf(" · on behalf of owner %d", c.AsUser)
	}
	return ""
}

// result prints one change as it ends (called one at a time by the run).
func (p *setPrinter) result(r membership.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return
	}
	if p.json {
		o := resultOut{Kind: "result", Room: r.RoomID, Op: r.Op.String(), User: p.names.out(r.UserID), Via: r.Via.String(), Result: string(r.Outcome)}
		if r.Err != nil {
			o.Error = r.Err.Error()
		}
		p.err = writeJSONLine(p.w, o)
		return
	}
	var s string
	switch r.Outcome {
	case membership.Done:
		s = fmt.Sprintf("%s %s", r.Op.Past(), p.names.label(r.UserID))
	case membership.Already:
		s = fmt.Sprintf("%s %s (the pod already had it so)", r.Op.Past(), p.names.label(r.UserID))
	default:
		s = fmt.Sprintf("FAILED to %s %s: %s", r.Op, p.names.label(r.UserID), oneLine(r.Err))
	}
	if r.Room != "" {
		s += " · " + cleanText(r.Room)
	}
	_, p.err = fmt.Fprintln(p.w, s)
}

// summary counts the outcomes and says what is left (left is the plan
// from a fresh read after the run; leftErr when that read failed).
func (p *setPrinter) summary(rs []membership.Result, left *membership.SetPlan, leftErr error, stopped bool) error {
	s := summaryOut{tally: tallyOf(rs, stopped)}
	if leftErr != nil {
		s.LeftError = leftErr.Error()
	} else {
		s.Left = p.planOut(left)
	}
	return p.emit(s, func(b *strings.Builder) {
		switch {
		case leftErr != nil:
			fmt.Fprintf(b, "left: unknown, the room could not be read back: %s\n", oneLine(leftErr))
		case left.Changes() == 0 && len(left.Held) > 0:
			fmt.Fprintf(b, "left: nothing this account can do; %d held back, as planned\n", len(left.Held))
		case left.Changes() == 0:
			b.WriteString("left: nothing, the room is as listed\n")
		default:
			fmt.Fprintf(b, "left: %s\n", plural(left.Changes(), "change"))
			p.textChanges(b, "  to remove", left.Remove)
			p.textChanges(b, "  to add", left.Add)
			p.textChanges(b, "  to promote", left.Promote)
			p.textChanges(b, "  to demote", left.Demote)
		}
	})
}

// emit writes a summary: doc as a JSON line, or its tally and then what
// left writes, for people. It waits for the results still being written.
func (p *setPrinter) emit(doc interface{ counts() tally }, left func(*strings.Builder)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	if p.json {
		return writeJSONLine(p.w, doc)
	}
	var b strings.Builder
	b.WriteString(doc.counts().text() + "\n")
	left(&b)
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (t tally) counts() tally { return t }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		noun = strings.TrimSuffix(noun, "y") + "ie"
	}
	return ui.Thousands(n) + " " + noun + "s"
}

// planEnd is a plan's last line: nothing to change, the changes being
// made, or why none was made (held: the context is read-only; else how a
// run makes them).
func planEnd(b *strings.Builder, n int, apply bool, held, howToApply string) {
	switch {
	case n == 0:
		b.WriteString("nothing to change\n")
	case apply:
		fmt.Fprintf(b, "making %s…\n", plural(n, "change"))
	case held != "":
		fmt.Fprintf(b, "%s planned; nothing was changed: %s\n", plural(n, "change"), held)
	default:
		fmt.Fprintf(b, "%s planned; nothing was changed (%s)\n", plural(n, "change"), howToApply)
	}
}
