package ui

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Command is a command-line command for completion and help.
type Command struct {
	Name string // "room"
	Args string // "ID|NAME" (empty: takes no argument)
	Help string
}

// DefaultCommands are the commands that views handle (tab names and :q are
// added by the root).
func DefaultCommands() []Command {
	return []Command{
		{Name: "user", Args: "ID|EMAIL", Help: "show a user"},
		{Name: "room", Args: "ID|NAME", Help: "show a room"},
		{Name: exportCommand, Args: "FILE", Help: "rows shown to csv/json/jsonl"},
		{Name: infoCommand, Help: "users, rooms, pending totals"},
	}
}

const maxHistory = 50

// commandLine is the ":" prompt: tab completes the command name, up/down
// walk the history, enter runs, esc cancels, ctrl+c clears (then closes).
type commandLine struct {
	input   textinput.Model
	active  bool
	history []string
	histPos int    // len(history) when not browsing
	draft   string // what was typed before browsing the history
	hint    string // completion candidates
}

func newCommandLine() commandLine {
	in := textinput.New()
	in.Prompt = ":"
	in.Cursor.SetMode(cursor.CursorStatic)
	return commandLine{input: in}
}

func (c *commandLine) open() tea.Cmd {
	c.active = true
	c.input.SetValue("")
	c.histPos = len(c.history)
	c.hint = ""
	return c.input.Focus()
}

func (c *commandLine) close() {
	c.active = false
	c.input.Blur()
	c.hint = ""
}

// key handles a key; run is the line to execute when enter was pressed.
func (c *commandLine) key(k tea.KeyMsg, cmds []Command) (run string, submitted bool, cmd tea.Cmd) {
	switch k.Type {
	case tea.KeyEsc:
		c.close()
		return "", false, nil
	case tea.KeyCtrlC:
		if c.input.Value() == "" {
			c.close()
		} else {
			c.input.SetValue("")
			c.hint = ""
		}
		return "", false, nil
	case tea.KeyEnter:
		line := strings.TrimSpace(Sanitize(c.input.Value()))
		c.close()
		if line != "" && (len(c.history) == 0 || c.history[len(c.history)-1] != line) {
			c.history = append(c.history, line)
			if len(c.history) > maxHistory {
				c.history = c.history[len(c.history)-maxHistory:]
			}
		}
		return line, true, nil
	case tea.KeyTab:
		c.complete(cmds)
		return "", false, nil
	case tea.KeyUp:
		c.browse(-1)
		return "", false, nil
	case tea.KeyDown:
		c.browse(1)
		return "", false, nil
	}
	c.hint = ""
	if k, ok := CleanKey(k); ok {
		c.input, cmd = c.input.Update(k)
	}
	c.histPos = len(c.history)
	return "", false, cmd
}

func (c *commandLine) browse(d int) {
	if len(c.history) == 0 {
		return
	}
	if c.histPos == len(c.history) {
		c.draft = c.input.Value()
	}
	c.histPos = max(min(c.histPos+d, len(c.history)), 0)
	if c.histPos == len(c.history) {
		c.input.SetValue(c.draft)
	} else {
		c.input.SetValue(c.history[c.histPos])
	}
	c.input.CursorEnd()
}

// complete extends the command name to the longest common prefix of the
// candidates; a unique match gets a trailing space, and the hint says its
// argument and what it does when it takes one (":users [QUERY]").
func (c *commandLine) complete(cmds []Command) {
	v := c.input.Value()
	if strings.Contains(v, " ") {
		return // only the command name completes
	}
	var cands []string
	args := map[string]Command{}
	for _, cmd := range cmds {
		if strings.HasPrefix(cmd.Name, v) {
			cands = append(cands, cmd.Name)
			if cmd.Args != "" {
				args[cmd.Name] = cmd
			}
		}
	}
	sort.Strings(cands)
	cands = slices.Compact(cands)
	switch len(cands) {
	case 0:
		c.hint = "no command starts with " + v
	case 1:
		c.input.SetValue(cands[0] + " ")
		c.hint = ""
		if cmd, ok := args[cands[0]]; ok {
			c.hint = cmd.Args + "  " + cmd.Help
		}
	default:
		p := cands[0]
		for _, s := range cands[1:] {
			for !strings.HasPrefix(s, p) {
				p = p[:len(p)-1]
			}
		}
		for !utf8.ValidString(p) { // do not leave half a rune
			p = p[:len(p)-1]
		}
		c.input.SetValue(p)
		c.hint = strings.Join(cands, " ")
	}
	c.input.CursorEnd()
}

func (c *commandLine) view(width int, st *Styles) string {
	if c.hint == "" {
		c.input.Width = max(width-2, 1)
		return c.input.View()
	}
	c.input.Width = 0 // unpadded, so the candidates show beside it
	left := c.input.View()
	return left + "  " + st.Muted.Render(c.hint)
}
