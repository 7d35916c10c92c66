package main

// The FlyteWorkflow part of the oracle: for a case that compiled, Flyte's own k8s transformer
// (flytepropeller/pkg/compiler/transformers/k8s.BuildFlyteWorkflow, imported, not copied) turns Flyte's closure into
// the custom resource admin would create, for fixed inputs, execution id and namespace. The workflow custom resource
// module (propeller/crd) builds the same resource from the same closure and compares the JSON.
//
//	expected-flyteworkflow-inputs.pb  flyteidl.core.LiteralMap: one literal per workflow input, derived from its type
//	expected-flyteworkflow.json       the FlyteWorkflow as Go's encoding/json writes it, re-indented (see canonicalJSON)

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flytepropeller/pkg/compiler/transformers/k8s"
)

const (
	flyteWorkflowFile       = "expected-flyteworkflow.json"
	flyteWorkflowInputsFile = "expected-flyteworkflow-inputs.pb"

	// GoldenNamespace is admin's default namespace template ({{ project }}-{{ domain }}) for the cases' project/domain.
	goldenNamespace = "flytesnacks-development"
)

// goldenAcceptedAt is the fixed acceptedAt the oracle stamps on the resource (admin sets it in PrepareFlyteWorkflow;
// BuildFlyteWorkflow leaves it empty).
var goldenAcceptedAt = time.Date(2024, time.January, 2, 3, 4, 5, 0, time.UTC)

// goldenExecutionID is the execution a case's resource is built for: one name per case, so shard keys differ.
func goldenExecutionID(caseName string) *core.WorkflowExecutionIdentifier {
	return &core.WorkflowExecutionIdentifier{
		Project: "flytesnacks",
		Domain:  "development",
		Name:    "ex-" + strings.ReplaceAll(caseName, "_", "-"),
	}
}

// writeFlyteWorkflow builds the FlyteWorkflow for a compiled case and writes the inputs it used and its JSON.
func writeFlyteWorkflow(dir string, closure *core.CompiledWorkflowClosure, printJSON, dryRun bool) error {
	// BuildFlyteWorkflow strips type metadata from interfaces in place: give it its own copy.
	closure = proto.Clone(closure).(*core.CompiledWorkflowClosure)
	inputs := goldenInputs(closure.GetPrimary().GetTemplate().GetInterface())
	inputsData, err := proto.MarshalOptions{Deterministic: true}.Marshal(inputs)
	if err != nil {
		return fmt.Errorf("marshal inputs: %w", err)
	}
	caseName := filepath.Base(filepath.Clean(dir))
	wf, err := k8s.BuildFlyteWorkflow(closure, inputs, goldenExecutionID(caseName), goldenNamespace)
	if err != nil {
		return fmt.Errorf("BuildFlyteWorkflow: %w", err)
	}
	at := metav1.NewTime(goldenAcceptedAt)
	wf.AcceptedAt = &at
	raw, err := json.Marshal(wf)
	if err != nil {
		return fmt.Errorf("marshal FlyteWorkflow: %w", err)
	}
	js, err := canonicalJSON(raw)
	if err != nil {
		return err
	}
	if !dryRun {
		if err := os.WriteFile(filepath.Join(dir, flyteWorkflowInputsFile), inputsData, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, flyteWorkflowFile), js, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "%s: FlyteWorkflow built (%d bytes of JSON)\n", dir, len(js))
	if printJSON {
		fmt.Printf("== %s (FlyteWorkflow)\n%s", dir, js)
	}
	return nil
}

// canonicalJSON re-indents encoding/json output with sorted object keys, keeping numbers exactly as written, and
// collapses runs of spaces in strings that are Go prototext renderings of identifiers (the task map keys and task /
// sub-workflow references are core.Identifier.String(), into which Go's text marshaler puts a second space at
// random-but-per-binary-stable places; see normalizeSpaces).
func canonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("re-read FlyteWorkflow JSON: %w", err)
	}
	v = normalizeProtoText(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func normalizeProtoText(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, e := range t {
			out[normalizeIdentifierText(k)] = normalizeProtoText(e)
		}
		return out
	case []interface{}:
		for i, e := range t {
			t[i] = normalizeProtoText(e)
		}
		return t
	case string:
		return normalizeIdentifierText(t)
	default:
		return v
	}
}

func normalizeIdentifierText(s string) string {
	if strings.HasPrefix(s, "resource_type:") {
		return normalizeSpaces(s)
	}
	return s
}

// goldenInputs gives every input of the workflow interface a literal of its type (BuildFlyteWorkflow requires every
// declared input, defaulted or not). The values are fixed, so the file is the same on every run.
func goldenInputs(iface *core.TypedInterface) *core.LiteralMap {
	vars := iface.GetInputs().GetVariables()
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	out := &core.LiteralMap{Literals: map[string]*core.Literal{}}
	for _, n := range names {
		out.Literals[n] = literalOf(vars[n].GetType(), n)
	}
	return out
}

func scalar(s *core.Scalar) *core.Literal { return &core.Literal{Value: &core.Literal_Scalar{Scalar: s}} }

func primitive(p *core.Primitive) *core.Literal {
	return scalar(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: p}})
}

// literalOf returns a literal of type t; name only makes the values readable (blob URIs, strings).
func literalOf(t *core.LiteralType, name string) *core.Literal {
	switch k := t.GetType().(type) {
	case *core.LiteralType_Simple:
		switch k.Simple {
		case core.SimpleType_INTEGER:
			return primitive(&core.Primitive{Value: &core.Primitive_Integer{Integer: 42}})
		case core.SimpleType_FLOAT:
			return primitive(&core.Primitive{Value: &core.Primitive_FloatValue{FloatValue: 2.5}})
		case core.SimpleType_STRING:
			return primitive(&core.Primitive{Value: &core.Primitive_StringValue{StringValue: "value-of-" + name}})
		case core.SimpleType_BOOLEAN:
			return primitive(&core.Primitive{Value: &core.Primitive_Boolean{Boolean: true}})
		case core.SimpleType_DATETIME:
			return primitive(&core.Primitive{Value: &core.Primitive_Datetime{Datetime: timestamppb.New(goldenAcceptedAt)}})
		case core.SimpleType_DURATION:
			return primitive(&core.Primitive{Value: &core.Primitive_Duration{Duration: durationpb.New(90 * time.Second)}})
		case core.SimpleType_NONE:
			return scalar(&core.Scalar{Value: &core.Scalar_NoneType{NoneType: &core.Void{}}})
		case core.SimpleType_STRUCT:
			s, _ := structpb.NewStruct(map[string]interface{}{"name": name})
			return scalar(&core.Scalar{Value: &core.Scalar_Generic{Generic: s}})
		case core.SimpleType_BINARY:
			return scalar(&core.Scalar{Value: &core.Scalar_Binary{Binary: &core.Binary{Value: []byte(name)}}})
		}
	case *core.LiteralType_Blob:
		return scalar(&core.Scalar{Value: &core.Scalar_Blob{Blob: &core.Blob{
			Metadata: &core.BlobMetadata{Type: k.Blob},
			Uri:      "s3://golden-bucket/inputs/" + name,
		}}})
	case *core.LiteralType_CollectionType:
		return &core.Literal{Value: &core.Literal_Collection{Collection: &core.LiteralCollection{
			Literals: []*core.Literal{literalOf(k.CollectionType, name+"-0"), literalOf(k.CollectionType, name+"-1")},
		}}}
	case *core.LiteralType_MapValueType:
		return &core.Literal{Value: &core.Literal_Map{Map: &core.LiteralMap{
			Literals: map[string]*core.Literal{"k": literalOf(k.MapValueType, name+"-k")},
		}}}
	case *core.LiteralType_EnumType:
		return primitive(&core.Primitive{Value: &core.Primitive_StringValue{StringValue: k.EnumType.GetValues()[0]}})
	case *core.LiteralType_UnionType:
		variant := k.UnionType.GetVariants()[0]
		return scalar(&core.Scalar{Value: &core.Scalar_Union{Union: &core.Union{
			Value: literalOf(variant, name), Type: variant,
		}}})
	case *core.LiteralType_StructuredDatasetType:
		return scalar(&core.Scalar{Value: &core.Scalar_StructuredDataset{StructuredDataset: &core.StructuredDataset{
			Uri:      "s3://golden-bucket/inputs/" + name,
			Metadata: &core.StructuredDatasetMetadata{StructuredDatasetType: k.StructuredDatasetType},
		}}})
	case *core.LiteralType_Schema:
		return scalar(&core.Scalar{Value: &core.Scalar_Schema{Schema: &core.Schema{
			Uri: "s3://golden-bucket/inputs/" + name, Type: k.Schema,
		}}})
	}
	panic(fmt.Sprintf("golden inputs: no literal for type %v of input %s", t, name))
}
