package ui_test

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
)

// room is what a pod client would return.
type room struct{ ID, Name string }

// roomsView shows how a tab is built on ui: a Table, a Generation, a
// Result-returning load, and a confirmed destructive action.
type roomsView struct {
	c     *ui.Common
	table *ui.Table
	gen   ui.Generation
	busy  bool
	list  func(ctx context.Context) ([]room, error) // the pod call
}

// removePayload says what a confirmed dialog should run.
type removePayload struct{ ids []string }

func newRoomsView(c *ui.Common, list func(context.Context) ([]room, error)) *roomsView {
	t := ui.NewTable(c,
		ui.Column{Title: "NAME", Min: 10, Flex: true, Priority: 10},
		ui.Column{Title: "ID", Min: 8, Max: 30, Priority: 1})
	t.SetEmpty("loading…")
	return &roomsView{c: c, table: t, list: list}
}

func (v *roomsView) load() tea.Cmd {
	v.busy = true
	list := v.list // copy what the goroutine needs; never read v there
	return ui.Run("rooms", v.gen.Next(), func() ([]room, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		return list(ctx)
	})
}

func (v *roomsView) Init() tea.Cmd { return v.load() }

func (v *roomsView) Update(msg tea.Msg) (ui.View, tea.Cmd) {
	switch msg := msg.(type) {
	case ui.Result[[]room]:
		if !v.gen.IsCurrent(msg.Gen) {
			return v, nil // an answer to an older query
		}
		v.busy = false
		if msg.Err != nil {
			return v, ui.Error(msg.Err)
		}
		rows := make([]ui.Row, len(msg.Value))
		for i, r := range msg.Value {
			rows[i] = ui.Row{ID: r.ID, Cells: []string{r.Name, r.ID}} // raw: the table sanitises
		}
		v.table.SetRows(rows)
	case ui.ConfirmResultMsg:
		if p, ok := msg.Payload.(removePayload); ok && msg.Confirmed {
			return v, ui.Info("removing " + p.ids[0]) // run the pod call here
		}
	case ui.CommandMsg: // ":room NAME"
		v.table.SetFilter(msg.Arg)
	case tea.KeyMsg:
		if handled, cmd := v.table.HandleKey(msg); handled {
			return v, cmd
		}
		k := v.c.Keys.Action
		switch {
		case key.Matches(msg, k.Refresh):
			return v, v.load()
		case key.Matches(msg, k.Remove): // disabled in read-only mode: never matches
			ids := v.table.Targets()
			if len(ids) == 0 {
				return v, ui.Warn("nothing selected")
			}
			return v, ui.OpenModal(ui.NewConfirm(v.c, "Deactivate", ids, removePayload{ids}))
		}
	}
	return v, nil
}

func (v *roomsView) View() string       { return v.table.View() }
func (v *roomsView) Title() string      { return "Rooms" }
func (v *roomsView) Count() (int, bool) { return v.table.Len(), v.busy }
func (v *roomsView) SetSize(w, h int)   { v.table.SetSize(w, h) }
func (v *roomsView) InputFocused() bool { return v.table.Filtering() }
func (v *roomsView) KeyBindings() []key.Binding {
	return append([]key.Binding{v.c.Keys.Action.Refresh, v.c.Keys.Action.Remove}, v.table.KeyBindings()...)
}
func (v *roomsView) Owns(msg tea.Msg) bool {
	if c, ok := msg.(ui.CommandMsg); ok {
		return c.Name == "room"
	}
	return ui.OwnedBy(msg, "rooms")
}

// Example wires a view into the root the way main does.
func Example() {
	c := ui.NewCommon(nil, ui.DefaultKeyMap(), false)
	c.Pod, c.Identity = "pod.example.com", "ops-bot"
	rooms := newRoomsView(c, func(context.Context) ([]room, error) { return nil, errors.New("not wired") })
	root := ui.New(c, rooms)
	_ = tea.NewProgram(root, tea.WithAltScreen()) // then Run()
}
