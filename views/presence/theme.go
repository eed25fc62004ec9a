package presence

// Restyle implements ui.Restyler: the pane's rendering was drawn with the
// old theme.
func (v *Pane) Restyle() { v.render() }
