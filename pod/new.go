package pod

// isAuthFailure reports whether err is the session's refusal to sign in.
func isAuthFailure(err error) bool { return false }
