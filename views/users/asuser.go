package users

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/ui"
	"symtui/views/tab"
)

// A session that may not list the directory (on behalf of a user: the
// admin list is an administrator's) sees it through the pod's user search,
// as the user would: the tab starts empty, "/" asks for a query and enter
// runs the search (its pages load like any search's), esc clears it. The
// table then holds the search's answer alone; nothing loads in the
// background.

// startSearchOnly puts the tab in its search-only form: the answer's
// table, empty until the first search.
func (v *Tab) startSearchOnly() {
	v.listDone = true // no list to load
	v.clearSearch()
}

// clearSearch drops the search shown (and one in flight), back to the
// empty table that says how to search.
func (v *Tab) clearSearch() {
	v.gen.Next()
	v.search, v.loading, v.err = nil, false, nil
	v.query, v.count, v.exact = "", 0, 0
	v.found.SetRows(nil)
	v.found.SetEmpty("type " + v.c.Keys.Table.Filter.Help().Key + " and a name, username or email to search the directory as the user sees it")
	v.mode, v.table = usersSearch, v.found
	v.layout()
}

// openSearchInput asks for the query, the last one to edit.
func (v *Tab) openSearchInput() tea.Cmd {
	v.inputOpen = true
	v.input.Prompt = "search the directory: "
	v.input.Placeholder = "name, username or email"
	v.input.SetValue(v.query)
	v.input.CursorEnd()
	v.layout()
	return v.input.Focus()
}

// searchInputKey edits the query: enter runs it (an empty one clears the
// search), esc leaves it as it was, ctrl+c clears the text.
func (v *Tab) searchInputKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEnter:
		q := strings.TrimSpace(v.input.Value())
		v.closeSearchInput()
		if q == "" {
			v.clearSearch()
			return nil
		}
		return v.startSearch(q)
	case tea.KeyEsc:
		v.closeSearchInput()
		return nil
	case tea.KeyCtrlC:
		if v.input.Value() == "" {
			v.closeSearchInput()
			return nil
		}
		v.input.SetValue("")
		return nil
	}
	k, ok := ui.CleanKey(k)
	if !ok {
		return nil
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(k)
	return cmd
}

// closeSearchInput closes the query input; the filter's prompt comes back.
func (v *Tab) closeSearchInput() {
	v.input.Prompt = "filter: "
	v.input.Placeholder = "name, username, email, company, title, status or id"
	v.closeInput()
}

// showFound puts the cursor on r among the search's rows, adding it
// there (":user" finds one user; the tab holds no list to show it in).
func (v *Tab) showFound(r userRec) {
	r = v.remember(r)
	if !v.found.Has(r.key()) {
		v.found.AppendRows([]ui.Row{v.row(r)})
	} else {
		v.updateRec(r)
	}
	if !v.found.SetCursor(r.key()) {
		v.input.SetValue("")
		v.filterChanged("")
		v.found.SetCursor(r.key())
	}
	v.detail.invalidate()
}

// searchOnlyTally counts the search's answer: the tab holds nothing else.
func (v *Tab) searchOnlyTally() ui.Tally {
	t := ui.Tally{Total: v.found.Len(), Expected: int(min(v.count, usersSearchMax)), Loading: v.loading}
	if v.found.Narrowed() {
		t.Shown, t.Narrowed = v.found.Shown(), true
	}
	return t
}

// searchOnlyHeader says that the directory is searched, not listed, and
// why; with a query, how much of the answer has loaded.
func (v *Tab) searchOnlyHeader() string {
	st := v.c.Styles
	k := v.c.Keys
	if v.err != nil {
		return tab.FailedLine(st, "search failed", v.err, k.Action.Refresh.Help().Key, v.width)
	}
	var s string
	hint := k.Table.Filter.Help().Key + " search"
	if v.query == "" {
		s = "directory search as the user (listing every user needs an administrator)"
	} else {
		s = fmt.Sprintf("directory search %s · %s of %s", shownQuery(v.query), ui.Thousands(v.found.Len()), ui.Thousands(int(max(v.count, int64(v.found.Len())))))
		if v.count > usersSearchMax {
			s += " · narrow it to see the rest"
		}
		if v.loading {
			s += " ↻"
		}
		hint += " · " + k.Global.Back.Help().Key + " clear"
	}
	if t := v.table.SortTitle(); t != "" {
		s += " · by " + strings.ToLower(t)
	}
	hint += " · " + k.Action.Open.Help().Key + " details"
	return tab.SpreadLine(st.Muted.Render(ui.Sanitize(s)), st.Muted.Render(hint), v.width)
}
