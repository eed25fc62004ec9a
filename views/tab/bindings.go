package tab

import "github.com/charmbracelet/bubbles/key"

// Views offer only the keymap's bindings (ui.KeyMap), so that keys.yaml,
// conflict checks and read-only mode reach every key. Where a generic
// action means something specific in a view, the view relabels it.

// Relabel is b with another help text: it still matches b's keys and has
// b's enabled state at the time of the call (views relabel in KeyBindings,
// so help follows read-only mode).
func Relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
