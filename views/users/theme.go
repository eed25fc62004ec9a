package users

// Restyle implements ui.Restyler: the detail pane's lines were drawn with
// the old theme.
func (v *Tab) Restyle() { v.detail.invalidate() }
