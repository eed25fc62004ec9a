package rooms

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// Bulk add: the operator pastes emails, usernames or ids; they are looked
// up (100 per request), previewed as found / not found / already a member,
// and the found ones are added once confirmed.

// bulkMaxEntries bounds one paste, so a stray paste cannot fan out into
// thousands of lookups.
const bulkMaxEntries = 1000

// bulkTextMsg is the text the operator submitted for a room.
type bulkTextMsg struct {
	RoomID string
	Text   string
}

// bulkResolution is the preview of a paste.
type bulkResolution struct {
	RoomID   string
	Found    []pod.User // to be added
	Already  []pod.User // members already
	NotFound []string   // entries no user matched
	Dropped  int        // entries beyond bulkMaxEntries
}

// bulkInput is the paste modal: a textarea; enter submits (pasted text keeps
// its newlines), alt+enter starts a new line, esc cancels.
type bulkInput struct {
	c      *ui.Common
	roomID string
	title  string
	set    bool // :members set: the list is the room's whole membership
	area   textarea.Model
	done   bool
	result tea.Msg
	width  int

	entries int // entries in the text, counted when it changes: View only reads it
}

func (m *roomMembers) openBulk() tea.Cmd {
	if cmd := m.refuseWhenLocked(); cmd != nil {
		return cmd
	}
	if cmd := m.refuseAdd(); cmd != nil {
		return cmd
	}
	return ui.OpenModal(m.pasteInput("Add many to "+ui.Sanitize(m.roomName), false))
}

// pasteInput is the paste modal of bulk add, or of :members set.
func (m *roomMembers) pasteInput(title string, set bool) *bulkInput {
	ta := textarea.New()
	ta.Placeholder = "alice@example.com, bob.smith, 71811853189212 …"
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.Prompt = ""
	ta.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Focus()
	b := &bulkInput{c: m.c, roomID: m.roomID, title: title, set: set, area: ta, width: 60}
	b.SetSize(m.width, m.height)
	return b
}

// SetSize implements ui.Modal.
func (b *bulkInput) SetSize(w, h int) {
	b.width = w
	b.area.SetWidth(max(min(w-8, 72), 20))
	b.area.SetHeight(max(min(h-10, 12), 3))
}

// Done implements ui.Modal.
func (b *bulkInput) Done() (tea.Msg, bool) { return b.result, b.done }

// InputFocused implements ui.TextModal: the list is typed or pasted.
func (b *bulkInput) InputFocused() bool { return true }

// Update implements ui.Modal.
func (b *bulkInput) Update(msg tea.Msg) (ui.Modal, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || b.done {
		return b, nil
	}
	fk := b.c.Keys.Form
	switch {
	case key.Matches(k, fk.Cancel):
		b.done = true
		return b, nil
	case !k.Paste && key.Matches(k, fk.Submit):
		b.done, b.result = true, bulkTextMsg{RoomID: b.roomID, Text: b.area.Value()}
		if b.set {
			b.result = setTextMsg{RoomID: b.roomID, Text: b.area.Value()}
		}
		return b, nil
	case k.Type == tea.KeyCtrlC:
		b.area.Reset()
		b.entries = 0
		return b, nil
	}
	k, clean := ui.CleanLinesKey(k)
	if !clean {
		return b, nil
	}
	before := b.area.Value()
	var cmd tea.Cmd
	b.area, cmd = b.area.Update(k)
	if after := b.area.Value(); after != before {
		b.entries = len(bulkEntries(after))
	}
	return b, cmd
}

// View implements ui.Modal.
func (b *bulkInput) View() string {
	st := b.c.Styles
	fk := b.c.Keys.Form
	hint := fmt.Sprintf("%d entries · %s preview · %s new line · %s cancel", b.entries,
		ui.KeyHint(fk.Submit), ui.KeyHint(b.area.KeyMap.InsertNewline), ui.KeyHint(fk.Cancel))
	help := "Paste emails, usernames or user ids (commas, spaces or lines)"
	if b.set {
		help = "Paste every member: emails, usernames or ids; the others are removed (a plan comes first)"
	}
	return st.DialogBorder.Render(st.DialogTitle.Render(b.title) + "\n" +
		st.Muted.Render(tab.FitCells(help, b.area.Width())) + "\n" +
		b.area.View() + "\n" + st.Muted.Render(hint))
}

// bulkNamedAddress matches "Display Name <address>" as mail clients copy it.
var bulkNamedAddress = regexp.MustCompile(`[^,;\n<>]*<([^<>]+)>`)

// bulkEntries splits a paste into distinct entries ("Name <a@b>" gives a@b).
func bulkEntries(text string) []string {
	text = bulkNamedAddress.ReplaceAllString(text, " $1 ")
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	seen := map[string]bool{}
	var out []string
	for _, f := range fields {
		f = strings.Trim(f, "<>\"'")
		if f == "" {
			continue
		}
		k := strings.ToLower(f)
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// bulkResolve looks the entries up and reads the membership afresh.
func (m *roomMembers) bulkResolve(msg bulkTextMsg) tea.Cmd {
	if msg.RoomID != m.roomID {
		return nil
	}
	entries := bulkEntries(msg.Text)
	if len(entries) == 0 {
		return ui.Info("nothing to add")
	}
	d, roomID := m.d, m.roomID
	inFlight := ui.Info(fmt.Sprintf("looking up %s…", tab.Plural(min(len(entries), bulkMaxEntries), "1 entry", "%d entries")))
	return tea.Sequence(inFlight, ui.Run(ViewID, 0, func() (bulkResolution, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		res := bulkResolution{RoomID: roomID}
		if len(entries) > bulkMaxEntries {
			res.Dropped = len(entries) - bulkMaxEntries
			entries = entries[:bulkMaxEntries]
		}
		var emails, names []string
		var ids []int64
		for _, e := range entries {
			if id, err := strconv.ParseInt(e, 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			} else if strings.Contains(e, "@") {
				emails = append(emails, e)
			} else {
				names = append(names, e)
			}
		}
		var found []pod.User
		for _, lookup := range []func() (pod.UserList, error){
			func() (pod.UserList, error) { return d.Pod.UsersByEmail(ctx, emails, pod.LookupOptions{}) },
			func() (pod.UserList, error) { return d.Pod.UsersByUsername(ctx, names, pod.LookupOptions{}) },
			func() (pod.UserList, error) { return d.Pod.UsersByID(ctx, ids, pod.LookupOptions{}) },
		} {
			list, err := lookup()
			if err != nil {
				return res, err
			}
			found = append(found, list.Users...)
		}
		members, err := d.Pod.RoomMembers(ctx, roomID)
		if err != nil {
			return res, err
		}
		if d.Names != nil {
			d.Names.Put(found...)
		}
		isMember := make(map[int64]bool, len(members))
		for _, mi := range members {
			isMember[mi.ID] = true
		}
		matched := map[string]bool{}
		seen := map[int64]bool{}
		for _, u := range found {
			matched[strings.ToLower(u.EmailAddress)] = true
			matched[strings.ToLower(u.Username)] = true
			matched[strconv.FormatInt(u.ID, 10)] = true
			if seen[u.ID] {
				continue // named twice (email and username)
			}
			seen[u.ID] = true
			if isMember[u.ID] {
				res.Already = append(res.Already, u)
			} else {
				res.Found = append(res.Found, u)
			}
		}
		for _, e := range entries {
			if !matched[strings.ToLower(e)] {
				res.NotFound = append(res.NotFound, e)
			}
		}
		return res, nil
	}))
}

// bulkResolved opens the preview, which confirms the add.
func (m *roomMembers) bulkResolved(msg ui.Result[bulkResolution]) tea.Cmd {
	if msg.Value.RoomID != m.roomID {
		return nil
	}
	if msg.Err != nil {
		return ui.Error(fmt.Errorf("bulk add lookup failed: %w", msg.Err))
	}
	r := msg.Value
	var ids []int64
	var names []string
	for _, u := range r.Found {
		ids = append(ids, u.ID)
		names = append(names, u.Name())
	}
	p, _, why := m.routed(opAddMember, ids, nil, names)
	if len(p.IDs) < len(ids) {
		return refusedCmd(opAddMember, m.roomName, why)
	}
	return ui.OpenModal(&bulkPreview{preview: preview{c: m.c, width: m.width, height: m.height}, res: r, payload: p, room: ui.Sanitize(m.roomName)})
}
