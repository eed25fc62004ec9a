package contract

import "github.com/getkin/kin-openapi/openapi3"

// closeObjects makes every object schema with declared properties reject undeclared ones,
// unless the specification says otherwise. JSON Schema allows extra properties by default, so
// without this a misspelt field (entitlement for the spec's "entitlment", userName for
// username) would pass unnoticed on either side.
//
// Members of allOf, anyOf and oneOf stay open: each is matched against the whole object,
// including the properties its siblings declare. So do the components named in openObjects.
func closeObjects(doc *openapi3.T) {
	all := make(map[*openapi3.Schema]bool)
	open := make(map[*openapi3.Schema]bool)
	if doc.Components != nil {
		for name := range openObjects {
			if s := doc.Components.Schemas[name]; s != nil && s.Value != nil {
				open[s.Value] = true
			}
		}
	}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || all[ref.Value] {
			return
		}
		s := ref.Value
		all[s] = true
		for _, members := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, m := range members {
				markOpen(m, open)
				walk(m)
			}
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.Not)
		walk(s.AdditionalProperties.Schema)
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			walk(s)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil {
					for _, mt := range resp.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
	for s := range all {
		ap := s.AdditionalProperties
		if len(s.Properties) > 0 && ap.Has == nil && ap.Schema == nil && !open[s] {
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
		}
	}
}

// markOpen marks a composition member, and the members it is itself composed of, as open.
func markOpen(ref *openapi3.SchemaRef, open map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || open[ref.Value] {
		return
	}
	open[ref.Value] = true
	for _, members := range []openapi3.SchemaRefs{ref.Value.AllOf, ref.Value.AnyOf, ref.Value.OneOf} {
		for _, m := range members {
			markOpen(m, open)
		}
	}
}
