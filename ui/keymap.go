package ui

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every key binding of the console, grouped as help shows them.
// It is data: the root and the widgets match on it, help is generated from
// it, Rebind changes it and SetReadOnly disables the mutating part of it.
// Views use Action for their commands so that one rebinding file covers the
// whole console.
type KeyMap struct {
	Global GlobalKeys
	Nav    NavKeys
	Table  TableKeys
	Action ActionKeys
	Dialog DialogKeys
	Form   FormKeys

	readOnly bool
}

// GlobalKeys work everywhere except while a text input has focus.
type GlobalKeys struct {
	Quit      key.Binding // q
	Interrupt key.Binding // ctrl+c: clears an input; quits at top level
	Help      key.Binding
	Command   key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	Tab1      key.Binding
	Tab2      key.Binding
	Tab3      key.Binding
	Tab4      key.Binding
	Pane      key.Binding // show/hide the side pane
	ZoomPane  key.Binding // side pane full screen (and back)
	Back      key.Binding // esc: backs out of a transient state
}

// NavKeys move a cursor in lists and tables.
type NavKeys struct {
	Up, Down, Top, Bottom    key.Binding
	PageUp, PageDown         key.Binding
	HalfPageUp, HalfPageDown key.Binding
}

// TableKeys are the table's own commands.
type TableKeys struct {
	Filter      key.Binding
	Select      key.Binding // mark/unmark the row under the cursor
	SelectAll   key.Binding // mark every visible row (again: unmark all)
	Sort        key.Binding // sort by the next column
	SortReverse key.Binding
	SortClear   key.Binding // back to the pod's order
}

// ActionKeys are what views do with the row under the cursor (or the marked
// rows). Destructive ones (Remove, Demote, Deactivate, Reject, Suspend) need
// a modifier and always go through a Confirm. Everything but Open, Refresh,
// Copy, CopyEmail, FilterStatus and Pause changes the pod and is disabled in
// read-only mode. Some are offered by one view only; they share the main
// scope all the same, so a key means one thing throughout the console.
type ActionKeys struct {
	Open       key.Binding // details / members
	Refresh    key.Binding
	Copy       key.Binding // copy the id
	Add        key.Binding // add member, create room, send connection request
	Edit       key.Binding
	Remove     key.Binding // remove member / connection
	Promote    key.Binding // make owner
	Demote     key.Binding // demote owner
	Deactivate key.Binding // deactivate room, disable or suspend user
	Reactivate key.Binding
	Accept     key.Binding // accept a connection request
	Reject     key.Binding // reject a connection request

	BulkAdd      key.Binding // members: add many users pasted at once
	CopyEmail    key.Binding // users: copy the email address
	Suspend      key.Binding // users: suspend, or lift a suspension
	Features     key.Binding // users: edit the user's features
	Message      key.Binding // users: start an IM with the user
	FilterStatus key.Binding // connections: show the next status
	Pause        key.Binding // presence: pause or resume polling
	SetOther     key.Binding // presence: set another user's presence
	Rooms        key.Binding // users: the rooms the user belongs to
	Offboard     key.Binding // users: take the user out of their rooms
}

// DialogKeys drive Confirm and Picker.
type DialogKeys struct {
	Yes, No     key.Binding
	Left, Right key.Binding // move between buttons
	Up, Down    key.Binding // move in a picker's list
	Confirm     key.Binding // enter: the focused button / picked row
	Cancel      key.Binding
	Pick        key.Binding // the offboarding plan: pick the new owner of the room under the cursor
	Toggle      key.Binding // a plan's dialog: turn its option on or off
}

// FormKeys drive Form.
type FormKeys struct {
	Next, Prev key.Binding
	Submit     key.Binding
	Cancel     key.Binding
	Toggle     key.Binding // flips a bool field
	Clear      key.Binding // ctrl+c clears the focused field
}

func bind(desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keysLabel(keys), desc))
}

// DefaultKeyMap returns the built-in bindings (vim keys and arrows).
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global: GlobalKeys{
			Quit:      bind("quit", "q"),
			Interrupt: bind("clear input / quit", "ctrl+c"),
			Help:      bind("help", "?"),
			Command:   bind("command", ":"),
			NextTab:   bind("next tab", "tab"),
			PrevTab:   bind("previous tab", "shift+tab"),
			Tab1:      bind("tab 1", "1"),
			Tab2:      bind("tab 2", "2"),
			Tab3:      bind("tab 3", "3"),
			Tab4:      bind("tab 4", "4"),
			Pane:      bind("side pane", "p"),
			ZoomPane:  bind("zoom side pane", "P"),
			Back:      bind("back", "esc"),
		},
		Nav: NavKeys{
			Up:           bind("up", "k", "up"),
			Down:         bind("down", "j", "down"),
			Top:          bind("top", "g", "home"),
			Bottom:       bind("bottom", "G", "end"),
			PageUp:       bind("page up", "pgup"),
			PageDown:     bind("page down", "pgdown"),
			HalfPageUp:   bind("half page up", "ctrl+u"),
			HalfPageDown: bind("half page down", "ctrl+d"),
		},
		Table: TableKeys{
			Filter:      bind("filter", "/"),
			Select:      bind("mark", " "),
			SelectAll:   bind("mark all", "ctrl+a"),
			Sort:        bind("sort column", "s"),
			SortReverse: bind("reverse sort", "S"),
			SortClear:   bind("clear sort", "u"),
		},
		Action: ActionKeys{
			Open:       bind("open", "enter"),
			Refresh:    bind("refresh", "r"),
			Copy:       bind("copy id", "c"),
			Add:        bind("add", "a"),
			Edit:       bind("edit", "e"),
			Remove:     bind("remove", "X", "delete"),
			Promote:    bind("make owner", "+"),
			Demote:     bind("demote owner", "-"),
			Deactivate: bind("deactivate", "D"),
			Reactivate: bind("reactivate", "R"),
			Accept:     bind("accept", "A"),
			Reject:     bind("reject", "ctrl+x"),

			BulkAdd:      bind("bulk add", "b"),
			CopyEmail:    bind("copy email", "C"),
			Suspend:      bind("suspend / unsuspend", "Z"),
			Features:     bind("features", "F"),
			Message:      bind("start IM", "m"),
			FilterStatus: bind("status filter", "f"),
			// Not space: in the main scope space marks table rows.
			Pause:    bind("pause/resume", "z"),
			SetOther: bind("set a user's presence", "E"),
			Rooms:    bind("user's rooms", "o"),
			Offboard: bind("offboard", "O"),
		},
		Dialog: DialogKeys{
			Yes:     bind("yes", "y"),
			No:      bind("no", "n"),
			Left:    bind("left", "left", "h"),
			Right:   bind("right", "right", "l", "tab"),
			Up:      bind("up", "up", "ctrl+p"),
			Down:    bind("down", "down", "ctrl+n"),
			Confirm: bind("confirm", "enter"),
			Cancel:  bind("cancel", "esc"),
			Pick:    bind("pick a new owner", "+"),
			Toggle:  bind("toggle the option", "d"),
		},
		Form: FormKeys{
			Next:   bind("next field", "tab", "down"),
			Prev:   bind("previous field", "shift+tab", "up"),
			Submit: bind("submit", "enter"),
			Cancel: bind("cancel", "esc"),
			Toggle: bind("toggle", " "),
			Clear:  bind("clear field", "ctrl+c"),
		},
	}
}

// scope groups bindings that are live at the same time; a key may appear
// only once per scope.
type scope int

const (
	scopeMain   scope = iota // global, navigation, table, actions
	scopeDialog              // confirm, picker
	scopeForm
)

// Entry describes one binding of the keymap.
type Entry struct {
	Name     string // "group.action", the name used in keys.yaml
	Group    string // "Global", "Navigation", ...
	Binding  *key.Binding
	Mutating bool // disabled in read-only mode
	scope    scope
}

// Entries lists every binding with its rebinding name, in help order.
func (k *KeyMap) Entries() []Entry {
	g, n, t, a, d, f := &k.Global, &k.Nav, &k.Table, &k.Action, &k.Dialog, &k.Form
	e := func(name, group string, b *key.Binding, mut bool, s scope) Entry {
		return Entry{Name: name, Group: group, Binding: b, Mutating: mut, scope: s}
	}
	const gl, nv, tb, ac, dl, fm = "Global", "Navigation", "Table", "Actions", "Dialogs", "Forms"
	return []Entry{
		e("global.quit", gl, &g.Quit, false, scopeMain),
		e("global.interrupt", gl, &g.Interrupt, false, scopeMain),
		e("global.help", gl, &g.Help, false, scopeMain),
		e("global.command", gl, &g.Command, false, scopeMain),
		e("global.next_tab", gl, &g.NextTab, false, scopeMain),
		e("global.prev_tab", gl, &g.PrevTab, false, scopeMain),
		e("global.tab1", gl, &g.Tab1, false, scopeMain),
		e("global.tab2", gl, &g.Tab2, false, scopeMain),
		e("global.tab3", gl, &g.Tab3, false, scopeMain),
		e("global.tab4", gl, &g.Tab4, false, scopeMain),
		e("global.pane", gl, &g.Pane, false, scopeMain),
		e("global.zoom_pane", gl, &g.ZoomPane, false, scopeMain),
		e("global.back", gl, &g.Back, false, scopeMain),
		e("nav.up", nv, &n.Up, false, scopeMain),
		e("nav.down", nv, &n.Down, false, scopeMain),
		e("nav.top", nv, &n.Top, false, scopeMain),
		e("nav.bottom", nv, &n.Bottom, false, scopeMain),
		e("nav.page_up", nv, &n.PageUp, false, scopeMain),
		e("nav.page_down", nv, &n.PageDown, false, scopeMain),
		e("nav.half_page_up", nv, &n.HalfPageUp, false, scopeMain),
		e("nav.half_page_down", nv, &n.HalfPageDown, false, scopeMain),
		e("table.filter", tb, &t.Filter, false, scopeMain),
		e("table.select", tb, &t.Select, false, scopeMain),
		e("table.select_all", tb, &t.SelectAll, false, scopeMain),
		e("table.sort", tb, &t.Sort, false, scopeMain),
		e("table.sort_reverse", tb, &t.SortReverse, false, scopeMain),
		e("table.sort_clear", tb, &t.SortClear, false, scopeMain),
		e("action.open", ac, &a.Open, false, scopeMain),
		e("action.refresh", ac, &a.Refresh, false, scopeMain),
		e("action.copy", ac, &a.Copy, false, scopeMain),
		e("action.add", ac, &a.Add, true, scopeMain),
		e("action.edit", ac, &a.Edit, true, scopeMain),
		e("action.remove", ac, &a.Remove, true, scopeMain),
		e("action.promote", ac, &a.Promote, true, scopeMain),
		e("action.demote", ac, &a.Demote, true, scopeMain),
		e("action.deactivate", ac, &a.Deactivate, true, scopeMain),
		e("action.reactivate", ac, &a.Reactivate, true, scopeMain),
		e("action.accept", ac, &a.Accept, true, scopeMain),
		e("action.reject", ac, &a.Reject, true, scopeMain),
		e("action.bulk_add", ac, &a.BulkAdd, true, scopeMain),
		e("action.copy_email", ac, &a.CopyEmail, false, scopeMain),
		e("action.suspend", ac, &a.Suspend, true, scopeMain),
		e("action.features", ac, &a.Features, true, scopeMain),
		e("action.message", ac, &a.Message, true, scopeMain),
		e("action.filter_status", ac, &a.FilterStatus, false, scopeMain),
		e("action.pause", ac, &a.Pause, false, scopeMain),
		e("action.set_other", ac, &a.SetOther, true, scopeMain),
		e("action.rooms", ac, &a.Rooms, false, scopeMain),
		e("action.offboard", ac, &a.Offboard, true, scopeMain),
		e("dialog.yes", dl, &d.Yes, false, scopeDialog),
		e("dialog.no", dl, &d.No, false, scopeDialog),
		e("dialog.left", dl, &d.Left, false, scopeDialog),
		e("dialog.right", dl, &d.Right, false, scopeDialog),
		e("dialog.up", dl, &d.Up, false, scopeDialog),
		e("dialog.down", dl, &d.Down, false, scopeDialog),
		e("dialog.confirm", dl, &d.Confirm, false, scopeDialog),
		e("dialog.cancel", dl, &d.Cancel, false, scopeDialog),
		e("dialog.pick", dl, &d.Pick, false, scopeDialog),
		e("dialog.toggle", dl, &d.Toggle, false, scopeDialog),
		e("form.next", fm, &f.Next, false, scopeForm),
		e("form.prev", fm, &f.Prev, false, scopeForm),
		e("form.submit", fm, &f.Submit, false, scopeForm),
		e("form.cancel", fm, &f.Cancel, false, scopeForm),
		e("form.toggle", fm, &f.Toggle, false, scopeForm),
		e("form.clear", fm, &f.Clear, false, scopeForm),
	}
}

// SetReadOnly disables (or re-enables) every mutating binding: it no longer
// matches in key.Matches and no longer shows in help.
func (k *KeyMap) SetReadOnly(ro bool) {
	k.readOnly = ro
	for _, e := range k.Entries() {
		if e.Mutating {
			e.Binding.SetEnabled(!ro)
		}
	}
}

// ReadOnly reports whether SetReadOnly(true) is in effect.
func (k *KeyMap) ReadOnly() bool { return k.readOnly }

// Rebind replaces the keys of the named actions ("nav.down": {"j", "down"};
// "space" may be written for " "; an empty list unbinds the action). It
// validates everything before changing anything: an unknown action, an
// unknown key, or two actions of the same scope sharing a key is an error
// naming the action(s) and the key, and the keymap is left as it was.
func (k *KeyMap) Rebind(m map[string][]string) error {
	next := *k
	byName := map[string]Entry{}
	for _, e := range next.Entries() {
		byName[e.Name] = e
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		e, ok := byName[name]
		if !ok {
			errs = append(errs, &KeyError{Action: name, Err: errUnknownAction})
			continue
		}
		keys := make([]string, 0, len(m[name]))
		for _, ks := range m[name] {
			norm, err := normalizeKey(ks)
			if err != nil {
				errs = append(errs, &KeyError{Action: name, Key: ks, Err: err})
				continue
			}
			keys = append(keys, norm)
		}
		if len(keys) == 0 {
			e.Binding.Unbind()
			continue
		}
		desc := e.Binding.Help().Desc
		e.Binding.SetKeys(keys...)
		e.Binding.SetHelp(keysLabel(keys), desc)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := next.Conflicts(); err != nil {
		return err
	}
	*k = next
	return nil
}

// Conflicts reports every key bound to two actions that are live at the
// same time (nil when there is none).
func (k *KeyMap) Conflicts() error {
	type owner struct {
		s   scope
		key string
	}
	seen := map[owner]string{}
	var errs []error
	for _, e := range k.Entries() {
		for _, ks := range e.Binding.Keys() {
			o := owner{e.scope, ks}
			if prev, ok := seen[o]; ok {
				errs = append(errs, &KeyError{Action: e.Name, Other: prev, Key: keyName(ks), Err: errConflict})
				continue
			}
			seen[o] = e.Name
		}
	}
	return errors.Join(errs...)
}

var (
	errUnknownAction = errors.New("unknown action")
	errConflict      = errors.New("key bound twice")
)

// KeyError is one problem Rebind or Conflicts found, naming the action(s)
// so that a caller reading a file can add where the action was written.
// Rebind and Conflicts return these joined (errors.Join).
type KeyError struct {
	Action string // the action the problem is about
	Other  string // a conflict: the action that already uses Key
	Key    string // the key, as written
	Err    error  // what is wrong (an unknown key, unknown action, conflict)
}

func (e *KeyError) Error() string {
	switch e.Err {
	case errUnknownAction:
		return fmt.Sprintf("unknown action %q", e.Action)
	case errConflict:
		return fmt.Sprintf("actions %q and %q both use key %q", e.Other, e.Action, e.Key)
	}
	return fmt.Sprintf("action %q: %v", e.Action, e.Err)
}

func (e *KeyError) Unwrap() error { return e.Err }

// validKeys are the key names Bubble Tea produces besides single runes.
var validKeys = func() map[string]bool {
	m := map[string]bool{}
	for t := tea.KeyType(-200); t < 200; t++ {
		if s := t.String(); s != "" && s != "runes" {
			m[s] = true
		}
	}
	return m
}()

func normalizeKey(s string) (string, error) {
	if s == "space" {
		return " ", nil
	}
	base := strings.TrimPrefix(s, "alt+")
	if validKeys[base] {
		return s, nil
	}
	if lower := strings.ToLower(s); validKeys[strings.TrimPrefix(lower, "alt+")] {
		return lower, nil // "F5", "Ctrl+R": named keys are lower case in Bubble Tea
	}
	if r := []rune(base); len(r) == 1 && r[0] > ' ' && r[0] != 0x7f && !(r[0] >= 0x80 && r[0] < 0xa0) {
		return s, nil
	}
	return "", fmt.Errorf("unknown key %q", s)
}

func keyName(k string) string {
	if k == " " {
		return "space"
	}
	return k
}

// KeyHint is the first key of b as a dialog's footer shows it ("esc",
// "↑"), so that the footer follows a rebinding; "" when b has no key.
func KeyHint(b key.Binding) string {
	ks := b.Keys()
	if len(ks) == 0 {
		return ""
	}
	switch ks[0] {
	case "up":
		return "↑"
	case "down":
		return "↓"
	}
	return keyName(ks[0])
}

func keysLabel(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = keyName(k)
	}
	return strings.Join(names, "/")
}
