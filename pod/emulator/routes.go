package emulator

// routes registers every endpoint. Each family registers its own in its file.
func (e *Emulator) routes() {
	e.authRoutes()                                   // auth.go: /login, /relay, /sessionauth, /keyauth
	e.userRoutes()                                   // users.go: /pod/.../user..., sessioninfo, roles, features
	e.streamRoutes()                                 // rooms.go, streams.go: rooms, IMs, membership, streams
	e.connectionRoutes()                             // connections.go
	e.presenceRoutes()                               // presence.go: presence, interest, feeds
	e.auditRoutes()                                  // audit.go: /agent/v1/audittrail/privilegeduser
	e.followRoutes()                                 // following.go: follow, unfollow
	e.systemRoutes()                                 // system.go: allowed file types, URI protocols
	e.handle("GET /pod/v1/podcert", e.handlePodCert) // podcert.go
	e.controlRoutes()                                // control.go: /_emulator/* for tests, benchmarks and the CLI
}
