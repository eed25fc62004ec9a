package pod

import (
	"context"
	"net/http"
)

// AllowedFileTypes lists the attachment types the pod accepts, e.g. ".pdf"
// (GET /pod/v1/files/allowedTypes).
func (c *Client) AllowedFileTypes(ctx context.Context) ([]string, error) {
	var types []string
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v1/files/allowedTypes"}, &types)
	return types, err
}
