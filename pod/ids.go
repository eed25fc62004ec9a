package pod

import (
	"strconv"
	"strings"
)

// URLSafeStreamID converts a stream id from standard base64 (as some pod
// answers and clients spell it: "+", "/", "=" padding) to the URL-safe,
// unpadded form the pod expects in paths. URL-safe ids are returned as they are.
func URLSafeStreamID(id string) string {
	if !strings.ContainsAny(id, "+/=") {
		return id
	}
	id = strings.TrimRight(id, "=")
	return strings.NewReplacer("+", "-", "/", "_").Replace(id)
}

// tenantShift and tenantMask locate of the tenant (pod) id inside a user id: a user id
// is (tenant << 36) | local id.
const (
	tenantShift = 36
	tenantMask  = (1 << 27) - 1
)

// TenantOf returns the pod (tenant) id a user id belongs to.
func TenantOf(userID int64) int64 {
	return (userID >> tenantShift) & tenantMask
}

// IsExternalUser reports whether a user id belongs to a pod other than podTenant.
func IsExternalUser(userID, podTenant int64) bool {
	return TenantOf(userID) != podTenant
}

// countOf says "1 user id", "250 user ids".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
