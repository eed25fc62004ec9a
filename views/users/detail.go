package users

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// usersDetailDelay lets the cursor settle before the detail pane asks the
// pod about the user under it.
const usersDetailDelay = 150 * time.Millisecond

// usersDetail is the detail pane: shown or not, and what it shows.
type usersDetail struct {
	open    bool
	gen     ui.Generation
	id      int64     // the user the pane is about
	info    *userInfo // nil until loaded
	loading bool

	lines    []string       // every line of the pane, however many fit
	linesFor detailLinesFor // what lines were built for
	ver      int
	scroll   int // first body line shown when the pane has more than fits
}

// detailLinesFor keys the pane's cached lines: the user, the width and
// the data version. A struct, so that checking it allocates nothing.
type detailLinesFor struct {
	id         int64
	width, ver int
}

func (d *usersDetail) invalidate() { d.ver++ }

// userInfo is everything the detail pane shows beyond the row: the admin
// record, the features and the presence. Each part may fail on its own
// (a user of another pod has no admin record).
type userInfo struct {
	ID          int64
	Detail      pod.UserDetail
	DetailErr   error
	Features    []pod.Feature
	FeaturesErr error
	Presence    pod.Presence
	PresenceErr error
}

// usersDetailDue fires when the cursor stayed on a user.
type usersDetailDue struct {
	Gen uint64
	ID  int64
}

func (usersDetailDue) OwnerView() string { return ViewID }

// scheduleDetail asks for the detail of the user under the cursor when the
// pane is open and shows someone else.
func (v *Tab) scheduleDetail() tea.Cmd {
	if !v.detail.open {
		return nil
	}
	r, ok := v.cursorRec()
	if !ok || (r.ID == v.detail.id && (v.detail.info != nil || v.detail.loading)) {
		return nil
	}
	gen := v.detail.gen.Next()
	v.detail.id, v.detail.info, v.detail.loading, v.detail.scroll = r.ID, nil, true, 0
	v.detail.invalidate()
	id := r.ID
	return v.after(usersDetailDelay, func(time.Time) tea.Msg { return usersDetailDue{Gen: gen, ID: id} })
}

// followCursor keeps the open pane on the cursor row's user, or empty when
// no row is shown (a search without a match).
func (v *Tab) followCursor() tea.Cmd {
	if !v.detail.open {
		return nil
	}
	if _, ok := v.cursorRec(); ok {
		return v.scheduleDetail()
	}
	if v.detail.id != 0 {
		v.detail.gen.Next() // a load still in flight is for nobody now
		v.detail.id, v.detail.info, v.detail.loading, v.detail.scroll = 0, nil, false, 0
		v.detail.invalidate()
	}
	return nil
}

// refreshDetail reloads the pane's user now (after a change).
func (v *Tab) refreshDetail(id int64) tea.Cmd {
	if !v.detail.open || v.detail.id != id {
		return nil
	}
	gen := v.detail.gen.Next()
	v.detail.loading = true
	return v.fetchDetail(gen, id)
}

func (v *Tab) detailDue(msg usersDetailDue) tea.Cmd {
	if !v.detail.gen.IsCurrent(msg.Gen) {
		return nil
	}
	return v.fetchDetail(msg.Gen, msg.ID)
}

// fetchDetail reads the admin record, features and presence of id.
func (v *Tab) fetchDetail(gen uint64, id int64) tea.Cmd {
	d := v.d
	return ui.Run(ViewID, gen, func() (userInfo, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		in := userInfo{ID: id}
		// What the session may not call is said, not asked (on behalf of a
		// user the admin record is an administrator's).
		if ok, why := d.Pod.Access().Allows(epUserDetail); !ok {
			in.DetailErr = errors.New(why)
		} else {
			in.Detail, in.DetailErr = d.Pod.UserDetail(ctx, id)
		}
		if in.DetailErr == nil {
			in.Features, in.FeaturesErr = d.Pod.UserFeatures(ctx, id)
		}
		in.Presence, in.PresenceErr = d.Pod.UserPresence(ctx, id, true)
		return in, nil
	})
}

// detailLoaded shows the info of the current request, and refreshes the
// row with what the pod just said.
func (v *Tab) detailLoaded(msg ui.Result[userInfo]) {
	if !v.detail.gen.IsCurrent(msg.Gen) || msg.Value.ID != v.detail.id {
		return
	}
	in := msg.Value
	v.detail.info, v.detail.loading = &in, false
	v.detail.invalidate()
	r, ok := v.recs[in.ID]
	if in.DetailErr == nil {
		r, ok = recFromDetail(in.Detail), true
	}
	if in.PresenceErr == nil && in.Presence.Category != "" {
		r.Presence = in.Presence.Category
	}
	if ok {
		v.updateRec(r)
	}
}

// detailAll renders every line of the pane for width w (cached).
func (v *Tab) detailAll(w int) []string {
	want := detailLinesFor{id: v.detail.id, width: w, ver: v.detail.ver}
	if want == v.detail.linesFor && v.detail.lines != nil {
		return v.detail.lines
	}
	v.detail.linesFor = want
	v.detail.lines = v.buildDetail(w)
	return v.detail.lines
}

// detailLines is what the pane shows in h lines: everything when it fits;
// else the name, a window of the rest from the scroll position, and a line
// saying how to see more.
func (v *Tab) detailLines(w, h int) []string {
	all := v.detailAll(w)
	if len(all) <= h {
		return all
	}
	rows := h - 2 // the name and the scroll line
	if rows < 1 {
		return all[:max(h, 0)]
	}
	body := all[1:]
	v.detail.scroll = min(max(v.detail.scroll, 0), len(body)-rows)
	first := v.detail.scroll
	out := append([]string{all[0]}, body[first:first+rows]...)
	nav := v.c.Keys.Nav
	more := fmt.Sprintf("%d–%d of %d · %s/%s scroll", first+1, first+rows, len(body),
		nav.HalfPageDown.Help().Key, nav.HalfPageUp.Help().Key)
	return append(out, v.c.Styles.Muted.Render(tab.FitCells(more, w)))
}

// detailArea is the pane's width and height (0 when it is not shown).
func (v *Tab) detailArea() (w, h int) {
	side, size := v.detailMode()
	switch {
	case size == 0:
		return 0, 0
	case side:
		return size, v.height - usersHeaderLines
	}
	return v.width, size - 1 // under the table: a rule, then the detail
}

// detailOverflows reports that the open pane has more lines than it shows.
func (v *Tab) detailOverflows() bool {
	w, h := v.detailArea()
	return h > 0 && len(v.detailAll(w)) > h
}

// scrollDetail moves the pane's window a page down (dir 1) or up (-1).
func (v *Tab) scrollDetail(dir int) {
	_, h := v.detailArea()
	v.detail.scroll += dir * max(h-2, 1) // detailLines clamps it
}

func (v *Tab) buildDetail(w int) []string {
	st := v.c.Styles
	r, ok := v.recs[v.detail.id]
	if !ok {
		return []string{st.Muted.Render(tab.FitCells("no user selected", w))}
	}
	// Empty attributes get no line: the pane under the table is short.
	// Long values (roles, features) wrap under their label: the pane
	// scrolls, so nothing is cut.
	line := func(label, value string) string {
		if value == "" {
			return ""
		}
		vw := max(w-len(label), 1)
		parts := strings.Split(ansi.Wrap(ui.Sanitize(value), vw, "@"), "\n")
		for i, p := range parts {
			parts[i] = strings.Repeat(" ", len(label)) + tab.FitCells(p, vw)
		}
		parts[0] = st.Muted.Render(label) + parts[0][len(label):]
		return strings.Join(parts, "\n")
	}
	out := []string{
		st.DialogTitle.Render(tab.FitCells(ui.Sanitize(r.Name), w)),
		line("id        ", strconv.FormatInt(r.ID, 10)),
		line("username  ", r.Username),
		line("email     ", r.Email),
		line("company   ", joinNonEmpty(" · ", r.Company, r.Title)),
	}
	in := v.detail.info
	switch {
	case in == nil && v.detail.loading:
		out = append(out, st.Muted.Render(tab.FitCells("loading…", w)))
	case in == nil:
	default:
		out = append(out, v.infoLines(in, line)...)
	}
	kept := make([]string, 0, len(out))
	for _, l := range out {
		if l != "" {
			kept = append(kept, strings.Split(l, "\n")...)
		}
	}
	return kept
}

// infoLines are the loaded details; the features list, the longest, comes
// last so the short lines need no scrolling.
func (v *Tab) infoLines(in *userInfo, line func(label, value string) string) []string {
	presence := ""
	if in.PresenceErr != nil {
		presence = line("presence  ", "unavailable: "+in.PresenceErr.Error())
	} else {
		p := presenceText(in.Presence.Category)
		if in.Presence.Timestamp > 0 {
			p += " since " + time.UnixMilli(in.Presence.Timestamp).UTC().Format("2006-01-02 15:04")
		}
		presence = line("presence  ", p)
	}
	if in.DetailErr != nil {
		return []string{line("admin     ", "unavailable: "+in.DetailErr.Error()), presence}
	}
	a, s := in.Detail.UserAttributes, in.Detail.UserSystemInfo
	out := []string{
		line("dept      ", joinNonEmpty(" · ", a.Department, a.Division, a.Location)),
		line("account   ", joinNonEmpty(" · ", a.AccountType, strings.ToLower(s.Status))),
		line("suspended ", suspensionText(s)),
		line("created   ", joinNonEmpty(" · ", tab.Date(s.CreatedDate), "last login "+orNone(tab.Date(s.LastLoginDate)))),
		line("roles     ", orNone(joinNonEmpty(", ", in.Detail.Roles...))),
		presence,
	}
	if in.FeaturesErr != nil {
		return append(out, line("features  ", "unavailable: "+in.FeaturesErr.Error()))
	}
	var on []string
	for _, f := range in.Features {
		if f.Enabled {
			on = append(on, f.Entitlement)
		}
	}
	return append(out, line("features  ", fmt.Sprintf("%d of %d on: %s", len(on), len(in.Features), joinNonEmpty(", ", on...))))
}

// suspensionText describes a suspension. suspendedUntil is read as epoch
// milliseconds when it is that large, else as seconds (the spec's example).
func suspensionText(s pod.UserSystemInfo) string {
	if !s.Suspended {
		return "no"
	}
	out := "yes"
	if s.SuspendedUntil > 0 {
		t := time.UnixMilli(s.SuspendedUntil)
		if s.SuspendedUntil < 1e11 {
			t = time.Unix(s.SuspendedUntil, 0)
		}
		out += " until " + t.UTC().Format("2006-01-02 15:04")
	}
	if s.SuspensionReason != "" {
		out += ": " + ui.Sanitize(s.SuspensionReason)
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// joinNonEmpty joins the parts that show something, each sanitized on its
// own: sanitizing the joined text would let an unterminated escape in one
// part swallow the parts after it.
func joinNonEmpty(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(ui.Sanitize(p)); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
