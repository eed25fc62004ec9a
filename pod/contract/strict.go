package contract

import "github.com/getkin/kin-openapi/openapi3"

// closeObjects makes every object schema with declared properties reject undeclared ones,
// unless the specification says otherwise. JSON Schema allows extra properties by default, so
// without this a misspelt field (entitlement for the spec's "entitlment", userName for
// username) would pass unnoticed on either side.
//
// An allOf of plain objects (V2Presence, V2RoomSearchCriteria) is first flattened into one
// object, so it can be closed too. Members of anyOf, oneOf and of an allOf that cannot be
// flattened stay open: each is matched against the whole object, including the properties its
// siblings declare. So do the components named in openObjects.
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
		flattenAllOf(s)
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
		if len(s.Properties) > 0 && !hasAdditional(s) && !open[s] {
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
		}
	}
}

// flattenAllOf turns s = allOf(plain objects) into one plain object with every member's
// properties and required names, when no two members define a property differently.
func flattenAllOf(s *openapi3.Schema) {
	if len(s.AllOf) == 0 || !composable(s, false) {
		return
	}
	props := make(openapi3.Schemas, len(s.Properties))
	for name, p := range s.Properties {
		props[name] = p
	}
	required := append([]string(nil), s.Required...)
	for _, m := range s.AllOf {
		if m.Value == nil {
			return
		}
		flattenAllOf(m.Value)
		if !composable(m.Value, true) {
			return
		}
		for name, p := range m.Value.Properties {
			if have, ok := props[name]; ok && have.Value != p.Value {
				return
			}
			props[name] = p
		}
		required = append(required, m.Value.Required...)
	}
	s.Properties, s.Required, s.AllOf = props, required, nil
	s.Type = &openapi3.Types{openapi3.TypeObject}
}

// composable reports whether s is an object described only by properties (and, unless
// flatOnly, by an allOf).
func composable(s *openapi3.Schema, flatOnly bool) bool {
	return (s.Type == nil || s.Type.IsEmpty() || s.Type.Is(openapi3.TypeObject)) &&
		len(s.AnyOf) == 0 && len(s.OneOf) == 0 && s.Not == nil && s.Discriminator == nil &&
		!hasAdditional(s) && (!flatOnly || len(s.AllOf) == 0)
}

func hasAdditional(s *openapi3.Schema) bool {
	return s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil
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
