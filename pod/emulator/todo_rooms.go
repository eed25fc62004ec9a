package emulator

// Placeholders so the package compiles while the rooms/connections/presence
// half is built. Whoever implements a function below deletes it from this
// file; the file goes away when empty.

func (e *Emulator) streamRoutes()     {}
func (e *Emulator) connectionRoutes() {}
func (e *Emulator) presenceRoutes()   {}
func (e *Emulator) auditRoutes()      {}
func (e *Emulator) startBackground()  {}
