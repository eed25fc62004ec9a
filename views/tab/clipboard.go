package tab

import (
	"errors"
	"os"

	"github.com/atotto/clipboard"
	"github.com/charmbracelet/x/ansi"
)

// osc52Max caps what goes through OSC 52: some terminals drop (or choke on)
// longer sequences; k9s uses the same bound.
const osc52Max = 74994

var errTooLongToCopy = errors.New("too long to copy through the terminal")

// SystemClipboard copies text to the system clipboard when a native tool is
// there (xclip, wl-copy, pbcopy…), else asks the terminal to do it with an
// OSC 52 sequence written straight to the terminal: one small write, which
// the renderer's frames do not split. Runs in a tea.Cmd.
func SystemClipboard(text string) (string, error) {
	if err := clipboard.WriteAll(text); err == nil {
		return "clipboard", nil
	}
	if len(text) > osc52Max {
		return "", errTooLongToCopy
	}
	if _, err := os.Stdout.WriteString(ansi.SetSystemClipboard(text)); err != nil {
		return "", err
	}
	return "terminal OSC 52", nil
}
