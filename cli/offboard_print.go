package cli

import (
	"fmt"
	"io"
	"strings"

	"symtui/pod/membership"
)

// offboardPrinter writes an offboarding's plan, results and summary.
type offboardPrinter struct {
	setPrinter
}

type roomPlanOut struct {
	roomOut
	Role      string      `json:"role"`
	LastOwner bool        `json:"lastOwner"`
	Action    string      `json:"action"` // leave, remove, handover
	NewOwner  *userOut    `json:"newOwner,omitempty"`
	Reason    string      `json:"reason,omitempty"`
	Changes   []changeOut `json:"changes"`
}

type offboardPlanOut struct {
	Kind        string        `json:"kind"` // "plan"
	User        userOut       `json:"user"`
	Rooms       []roomPlanOut `json:"rooms"`
	Disable     bool          `json:"disable"`
	DisableHeld string        `json:"disableHeld,omitempty"`
	Refused     string        `json:"refused,omitempty"`
	Changes     int           `json:"changes"`
	Requests    int           `json:"requests"` // what reading the rooms cost
}

type unmetOut struct {
	RoomID string `json:"roomId,omitempty"`
	Room   string `json:"room,omitempty"`
	Want   string `json:"want"`
}

type offboardSummaryOut struct {
	tally
	Left      []unmetOut `json:"left"`
	LeftError string     `json:"leftError,omitempty"`
}

func (p *offboardPrinter) planOut(o *membership.Offboard, requests int) offboardPlanOut {
	out := offboardPlanOut{Kind: "plan", User: p.names.out(o.User), Rooms: []roomPlanOut{}, Disable: o.Disable,
		DisableHeld: o.DisableHeld, Refused: o.Refused, Changes: o.Changes(), Requests: requests}
	for i := range o.Rooms {
		rp := &o.Rooms[i]
		ro := roomPlanOut{roomOut: outRoom(&rp.Room), Role: rp.Role, LastOwner: rp.LastOwner, Action: rp.Action.String(),
			Reason: rp.Reason, Changes: p.changes(rp.Changes)}
		if ro.Name == "" {
			ro.Name = rp.Room.Label()
		}
		if rp.NewOwner != 0 {
			u := p.names.out(rp.NewOwner)
			ro.NewOwner = &u
		}
		out.Rooms = append(out.Rooms, ro)
	}
	return out
}

// plan prints the plan: every room and what happens to it.
func (p *offboardPrinter) plan(o *membership.Offboard, requests int) error {
	if p.json {
		return writeJSONLine(p.w, p.planOut(o, requests))
	}
	var b strings.Builder
	rooms := 0
	for i := range o.Rooms {
		if o.Rooms[i].Room.IsRoom() {
			rooms++
		}
	}
	fmt.Fprintf(&b, "offboarding %s: %s and %s (IM or MIM), read in %s\n", p.names.label(o.User),
		plural(rooms, "room"), plural(len(o.Rooms)-rooms, "conversation"), plural(requests, "request"))
	if o.Refused != "" {
		fmt.Fprintf(&b, "nothing can be done: %s\n", cleanText(o.Refused))
	}
	for i := range o.Rooms {
		rp := &o.Rooms[i]
		role := rp.Role
		if rp.LastOwner {
			role = "the last owner"
		}
		fmt.Fprintf(&b, "  %s (%s) · %s · %s\n", cleanText(rp.Room.Label()), cleanText(rp.Room.ID), orDash(role), p.action(rp))
	}
	switch {
	case o.Disable:
		b.WriteString("then disable the account\n")
	case o.DisableHeld != "":
		fmt.Fprintf(&b, "the account stays enabled: %s\n", cleanText(o.DisableHeld))
	}
	planEnd(&b, o.Changes(), p.apply, p.held, "--dry-run")
	_, err := io.WriteString(p.w, b.String())
	return err
}

// action says what happens to a room, for people.
func (p *offboardPrinter) action(rp *membership.RoomPlan) string {
	switch rp.Action {
	case membership.Remove:
		return "remove" + viaText(rp.Changes[len(rp.Changes)-1])
	case membership.Handover:
		steps := make([]string, 0, len(rp.Changes))
		for _, c := range rp.Changes[:len(rp.Changes)-1] {
			steps = append(steps, c.Op.String())
		}
		return fmt.Sprintf("hand over to %s (%s on their behalf), then remove%s", p.names.label(rp.NewOwner),
			strings.Join(steps, " and "), viaText(rp.Changes[len(rp.Changes)-1]))
	}
	return "left as is: " + cleanText(rp.Reason)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// summary counts the outcomes and lists what the pod does not hold of the
// plan, read afresh.
func (p *offboardPrinter) summary(rs []membership.Result, left []membership.Unmet, leftErr error, stopped bool) error {
	s := offboardSummaryOut{tally: tallyOf(rs, stopped), Left: []unmetOut{}}
	for _, u := range left {
		s.Left = append(s.Left, unmetOut(u))
	}
	if leftErr != nil {
		s.LeftError = leftErr.Error()
	}
	return p.emit(s, func(b *strings.Builder) {
		switch {
		case leftErr != nil:
			fmt.Fprintf(b, "left: unknown, the rooms could not be read back: %s\n", oneLine(leftErr))
		case len(left) == 0:
			b.WriteString("left: nothing, the pod is as planned\n")
		default:
			fmt.Fprintf(b, "left: %d\n", len(left))
			for _, u := range left {
				where := "the account"
				if u.RoomID != "" {
					where = cleanText(u.Room) + " (" + cleanText(u.RoomID) + ")"
				}
				fmt.Fprintf(b, "  %s: wanted %s\n", where, cleanText(u.Want))
			}
		}
	})
}
