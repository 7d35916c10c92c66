// Command compiler-oracle runs Flyte's own workflow compiler (flytepropeller's pkg/compiler, imported as a Go
// module dependency; nothing of it is copied here) over Aloft's golden compiler inputs and writes what it produces:
//
//	expected-closure.pb  flyteidl.core.CompiledWorkflowClosure (deterministic marshaling) when compilation succeeds
//	expected-errors.txt  one line per error, "<code>\t<nodeID>\t<description>", sorted, when it fails
//	expected-flyteworkflow.json, expected-flyteworkflow-inputs.pb
//	                     the FlyteWorkflow custom resource Flyte's k8s transformer builds from that closure, and the
//	                     inputs it was built with, when compilation succeeds (see flyteworkflow.go)
//
// Usage: compiler-oracle [--print] [--dry-run] [--allow-unknown] CASE_DIR...
//
// A case directory holds workflow.pb (flyteidl.admin.WorkflowSpec), tasks/*.pb (flyteidl.core.TaskTemplate) and
// optionally launch_plans/NN.pb (flyteidl.admin.LaunchPlan, id + spec) next to launch_plans/NN.interface.pb
// (flyteidl.core.TypedInterface of the launch plan's workflow). The inputs are handed to the compiler the way
// FlyteAdmin's WorkflowManager does when a workflow is registered: it asks compiler.GetRequirements which tasks and
// launch plans are needed, passes exactly those (in that order) to compiler.CompileWorkflow, tasks in the form
// compiler.CompileTask produced at task registration, and launch plans as interface providers whose expected inputs
// are what FlyteAdmin stores in the launch plan closure at launch plan registration.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flytepropeller/pkg/compiler"
	"github.com/flyteorg/flyte/flytepropeller/pkg/compiler/common"
)

const (
	closureFile = "expected-closure.pb"
	errorsFile  = "expected-errors.txt"
)

func main() {
	printJSON := flag.Bool("print", false, "also print the compiled closure (or the errors) to stdout, closure as protojson")
	dryRun := flag.Bool("dry-run", false, "do not write expected-closure.pb / expected-errors.txt")
	allowUnknown := flag.Bool("allow-unknown", false, "write results even for cases whose inputs use fields (outside "+
		"TaskMetadata) unknown to the linked flyteidl; by default such cases are skipped, since the compiler cannot see those fields")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [--print] [--dry-run] [--allow-unknown] CASE_DIR...\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for _, dir := range flag.Args() {
		if err := runCase(dir, *printJSON, *dryRun, *allowUnknown); err != nil {
			fmt.Fprintf(os.Stderr, "%s: ERROR: %v\n", dir, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// compileErrorLine parses errors.CompileError.Error(), whose fields are not exported:
// "[source] Code: <code>, Node Id: <node>, Description: <description>".
var compileErrorLine = regexp.MustCompile(`(?s)^(?:\[[^\]]*\] )?Code: (.*?), Node Id: (.*?), Description: (.*)$`)

// caseOutcome is either a closure or a list of error lines.
type caseOutcome struct {
	closure *core.CompiledWorkflowClosure
	errors  []string
}

// unknownField records input fields that the flyteidl version linked here does not know. The compiler cannot see
// them (they are only carried through, as unknown bytes, into the output).
type unknownField struct {
	file, path, msgType, numbers string
}

// ignorableUnknown lists messages whose fields the compiler never reads (it copies them through), so fields added
// to them by newer flyteidl versions cannot change a compile result.
var ignorableUnknown = map[string]bool{
	"flyteidl.core.TaskMetadata": true,
}

func runCase(dir string, printJSON, dryRun, allowUnknown bool) error {
	outcome, unknown, warnings, err := compileCase(dir)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(os.Stderr, "%s: warning: %s\n", dir, w)
	}
	blocking := reportUnknown(dir, unknown)
	if blocking && !allowUnknown {
		what := "compiled OK"
		if outcome.closure == nil {
			what = fmt.Sprintf("failed with %d error(s): %s", len(outcome.errors), strings.Join(outcome.errors, " | "))
		}
		fmt.Fprintf(os.Stderr, "%s: SKIPPED (nothing written): its inputs use fields this flyteidl does not know, so "+
			"this compiler's verdict is not Flyte's current one (for the record it %s)\n", dir, what)
		return nil
	}
	closurePath := filepath.Join(dir, closureFile)
	errorsPath := filepath.Join(dir, errorsFile)
	if outcome.closure != nil {
		data, err := proto.MarshalOptions{Deterministic: true}.Marshal(outcome.closure)
		if err != nil {
			return fmt.Errorf("marshal closure: %w", err)
		}
		if !dryRun {
			if err := os.WriteFile(closurePath, data, 0o644); err != nil {
				return err
			}
			if err := removeIfExists(errorsPath); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "%s: compiled OK (%d bytes)\n", dir, len(data))
		if printJSON {
			js, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(outcome.closure)
			if err != nil {
				return fmt.Errorf("protojson: %w", err)
			}
			fmt.Printf("== %s\n%s\n", dir, js)
		}
		return writeFlyteWorkflow(dir, outcome.closure, printJSON, dryRun)
	}
	text := strings.Join(outcome.errors, "\n") + "\n"
	if !dryRun {
		if err := os.WriteFile(errorsPath, []byte(text), 0o644); err != nil {
			return err
		}
		for _, stale := range []string{closurePath, filepath.Join(dir, flyteWorkflowFile), filepath.Join(dir, flyteWorkflowInputsFile)} {
			if err := removeIfExists(stale); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "%s: compile FAILED with %d error(s)\n", dir, len(outcome.errors))
	if printJSON {
		fmt.Printf("== %s (errors)\n%s", dir, text)
	}
	return nil
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

// reportUnknown prints one line per (message type, field numbers) and says whether any of them could matter.
func reportUnknown(dir string, unknown []unknownField) (blocking bool) {
	type key struct{ msgType, numbers string }
	count := map[key]int{}
	first := map[key]unknownField{}
	var keys []key
	for _, u := range unknown {
		k := key{u.msgType, u.numbers}
		if count[k] == 0 {
			keys = append(keys, k)
			first[k] = u
		}
		count[k]++
	}
	for _, k := range keys {
		f := first[k]
		tag := "ignored: the compiler does not read this message"
		if !ignorableUnknown[k.msgType] {
			tag = "MATTERS: the compiler may read these"
			blocking = true
		}
		fmt.Fprintf(os.Stderr, "%s: unknown to the linked flyteidl: %s fields %s, %d occurrence(s), first %s: %s (%s)\n",
			dir, k.msgType, k.numbers, count[k], f.file, f.path, tag)
	}
	return blocking
}

func compileCase(dir string) (caseOutcome, []unknownField, []string, error) {
	var warnings []string
	var unknown []unknownField
	spec := &admin.WorkflowSpec{}
	if err := readProto(filepath.Join(dir, "workflow.pb"), spec); err != nil {
		return caseOutcome{}, nil, nil, err
	}
	unknown = append(unknown, unknownFields("workflow.pb", spec)...)
	if spec.GetTemplate() == nil {
		return caseOutcome{}, nil, nil, fmt.Errorf("workflow.pb has no template")
	}

	// Tasks: compiled one by one as FlyteAdmin does at task registration (compiler.CompileTask).
	taskFiles, err := filepath.Glob(filepath.Join(dir, "tasks", "*.pb"))
	if err != nil {
		return caseOutcome{}, nil, nil, err
	}
	sort.Strings(taskFiles)
	var errLines []string
	compiledByID := map[string]*core.CompiledTask{}
	for _, f := range taskFiles {
		tmpl := &core.TaskTemplate{}
		if err := readProto(f, tmpl); err != nil {
			return caseOutcome{}, nil, nil, err
		}
		unknown = append(unknown, unknownFields(relPath(dir, f), tmpl)...)
		ct, err := compiler.CompileTask(tmpl)
		if err != nil {
			errLines = append(errLines, compileErrorLines(err)...)
			continue
		}
		compiledByID[idKey(tmpl.GetId())] = ct
	}

	// Launch plans: NN.pb (admin.LaunchPlan) + NN.interface.pb (the launch plan's workflow interface).
	lpFiles, err := filepath.Glob(filepath.Join(dir, "launch_plans", "*.pb"))
	if err != nil {
		return caseOutcome{}, nil, nil, err
	}
	sort.Strings(lpFiles)
	providersByID := map[string]common.InterfaceProvider{}
	for _, f := range lpFiles {
		if strings.HasSuffix(f, ".interface.pb") {
			continue
		}
		lp := &admin.LaunchPlan{}
		if err := readProto(f, lp); err != nil {
			return caseOutcome{}, nil, nil, err
		}
		unknown = append(unknown, unknownFields(relPath(dir, f), lp)...)
		ifacePath := strings.TrimSuffix(f, ".pb") + ".interface.pb"
		iface := &core.TypedInterface{}
		if err := readProto(ifacePath, iface); err != nil {
			return caseOutcome{}, nil, nil, fmt.Errorf("launch plan %s: %w", f, err)
		}
		unknown = append(unknown, unknownFields(relPath(dir, ifacePath), iface)...)
		p, err := newLaunchPlanProvider(lp, iface)
		if err != nil {
			// FlyteAdmin would have refused to register this launch plan.
			errLines = append(errLines, fmt.Sprintf("LaunchPlanRegistration\t%s\t%s", lp.GetId().GetName(), oneLine(err.Error())))
			continue
		}
		providersByID[idKey(lp.GetId())] = p
	}

	// What FlyteAdmin's WorkflowManager does: GetRequirements, load exactly those, CompileWorkflow.
	reqs, err := compiler.GetRequirements(spec.GetTemplate(), spec.GetSubWorkflows())
	if err != nil {
		errLines = append(errLines, compileErrorLines(err)...)
		return caseOutcome{errors: sortedUnique(errLines)}, unknown, warnings, nil
	}
	tasks := make([]*core.CompiledTask, 0, len(reqs.GetRequiredTaskIds()))
	used := map[string]bool{}
	taskIDs := reqs.GetRequiredTaskIds()
	for i := range taskIDs {
		k := idKey(&taskIDs[i])
		ct, ok := compiledByID[k]
		if !ok {
			errLines = append(errLines, fmt.Sprintf("AdminTaskNotFound\t\ttask %s is required but not in tasks/ (or did not compile)", k))
			continue
		}
		used[k] = true
		tasks = append(tasks, ct)
	}
	for k := range compiledByID {
		if !used[k] {
			warnings = append(warnings, "task not required by the workflow (not passed to the compiler): "+k)
		}
	}
	launchPlans := make([]common.InterfaceProvider, 0, len(reqs.GetRequiredLaunchPlanIds()))
	usedLP := map[string]bool{}
	lpIDs := reqs.GetRequiredLaunchPlanIds()
	for i := range lpIDs {
		k := idKey(&lpIDs[i])
		p, ok := providersByID[k]
		if !ok {
			errLines = append(errLines, fmt.Sprintf("AdminLaunchPlanNotFound\t\tlaunch plan %s is required but not in launch_plans/", k))
			continue
		}
		usedLP[k] = true
		launchPlans = append(launchPlans, p)
	}
	for k := range providersByID {
		if !usedLP[k] {
			warnings = append(warnings, "launch plan not required by the workflow (not passed to the compiler): "+k)
		}
	}
	if len(errLines) > 0 {
		// FlyteAdmin stops before compiling when a task or launch plan cannot be loaded.
		return caseOutcome{errors: sortedUnique(errLines)}, unknown, warnings, nil
	}

	closure, err := compiler.CompileWorkflow(spec.GetTemplate(), spec.GetSubWorkflows(), tasks, launchPlans)
	if err != nil {
		return caseOutcome{errors: sortedUnique(compileErrorLines(err))}, unknown, warnings, nil
	}
	return caseOutcome{closure: closure}, unknown, warnings, nil
}

// launchPlanProvider satisfies common.InterfaceProvider with what FlyteAdmin keeps in a launch plan's closure.
type launchPlanProvider struct {
	id      *core.Identifier
	inputs  *core.ParameterMap
	outputs *core.VariableMap
}

func (p *launchPlanProvider) GetID() *core.Identifier               { return p.id }
func (p *launchPlanProvider) GetExpectedInputs() *core.ParameterMap { return p.inputs }
func (p *launchPlanProvider) GetExpectedOutputs() *core.VariableMap { return p.outputs }

// newLaunchPlanProvider computes a launch plan's expected inputs the way FlyteAdmin does when the launch plan is
// created (closure.expected_inputs = the validated spec.default_inputs): for every input of the launch plan's workflow,
// the launch plan's default_inputs parameter when it has one (taken as is), otherwise nothing when the input is
// fixed, otherwise a required parameter with the workflow variable's type and description. default/fixed inputs that
// the workflow does not declare are rejected. Expected outputs are the workflow's outputs.
func newLaunchPlanProvider(lp *admin.LaunchPlan, iface *core.TypedInterface) (*launchPlanProvider, error) {
	if lp.GetId() == nil {
		return nil, fmt.Errorf("launch plan has no id")
	}
	wfInputs := iface.GetInputs().GetVariables()
	defaults := lp.GetSpec().GetDefaultInputs().GetParameters()
	fixed := lp.GetSpec().GetFixedInputs().GetLiterals()
	for name := range defaults {
		if _, ok := wfInputs[name]; !ok {
			return nil, fmt.Errorf("unexpected default_input %s", name)
		}
	}
	for name := range fixed {
		if _, ok := wfInputs[name]; !ok {
			return nil, fmt.Errorf("unexpected fixed_input %s", name)
		}
	}
	params := map[string]*core.Parameter{}
	for name, v := range wfInputs {
		if d, ok := defaults[name]; ok {
			params[name] = d
		} else if _, ok := fixed[name]; !ok {
			params[name] = &core.Parameter{
				Var:      &core.Variable{Type: v.GetType(), Description: v.GetDescription()},
				Behavior: &core.Parameter_Required{Required: true},
			}
		}
	}
	outputs := iface.GetOutputs()
	if outputs == nil {
		outputs = &core.VariableMap{}
	}
	return &launchPlanProvider{id: lp.GetId(), inputs: &core.ParameterMap{Parameters: params}, outputs: outputs}, nil
}

// compileErrorLines turns the compiler's error (errors.CompileErrors; its element type keeps node id and description
// unexported, so the formatted messages are parsed) into "<code>\t<nodeID>\t<description>" lines.
func compileErrorLines(err error) []string {
	var lines []string
	for _, msg := range splitCompileErrors(err) {
		if m := compileErrorLine.FindStringSubmatch(msg); m != nil {
			lines = append(lines, m[1]+"\t"+m[2]+"\t"+oneLine(normalizeSpaces(m[3])))
		} else {
			lines = append(lines, "Unparsed\t\t"+oneLine(msg))
		}
	}
	return lines
}

// splitCompileErrors extracts the individual messages from CompileErrors.Error(), which is
// "Collected Errors: N\n\tError 0: <msg>\n\tError 1: <msg>\n...".
func splitCompileErrors(err error) []string {
	text := err.Error()
	if !strings.HasPrefix(text, "Collected Errors:") {
		return []string{text}
	}
	var out []string
	re := regexp.MustCompile(`(?m)^\tError \d+: `)
	idx := re.FindAllStringIndex(text, -1)
	for i, loc := range idx {
		end := len(text)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out = append(out, strings.TrimRight(text[loc[1]:end], "\n"))
	}
	return out
}

// normalizeSpaces collapses runs of spaces. Error descriptions embed protobuf text format, and Go's text marshaler
// deliberately adds a second space at random-but-per-binary-stable places so that nobody depends on its exact
// output; without this the golden files would change from one build of the oracle to the next.
var multiSpace = regexp.MustCompile(` {2,}`)

func normalizeSpaces(s string) string { return multiSpace.ReplaceAllString(s, " ") }

func sortedUnique(lines []string) []string {
	sort.Strings(lines)
	out := lines[:0]
	for i, l := range lines {
		if i == 0 || l != lines[i-1] {
			out = append(out, l)
		}
	}
	return out
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", "\\n", "\t", "\\t").Replace(s)
}

func idKey(id *core.Identifier) string {
	return fmt.Sprintf("%s:%s:%s:%s:%s", id.GetResourceType(), id.GetProject(), id.GetDomain(), id.GetName(), id.GetVersion())
}

func relPath(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil {
		return r
	}
	return p
}

func readProto(path string, m proto.Message) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := proto.Unmarshal(data, m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// unknownFields lists fields present in the input but unknown to the flyteidl version the compiler was built
// against.
func unknownFields(file string, m proto.Message) []unknownField {
	var out []unknownField
	var walk func(path string, msg protoreflect.Message)
	walk = func(path string, msg protoreflect.Message) {
		if raw := msg.GetUnknown(); len(raw) > 0 {
			out = append(out, unknownField{file: file, path: path, msgType: string(msg.Descriptor().FullName()),
				numbers: describeUnknown(raw)})
		}
		msg.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			name := path + "." + string(fd.Name())
			switch {
			case fd.IsList() && fd.Message() != nil:
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					walk(fmt.Sprintf("%s[%d]", name, i), l.Get(i).Message())
				}
			case fd.IsMap() && fd.MapValue().Message() != nil:
				v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
					walk(fmt.Sprintf("%s[%v]", name, k.Interface()), mv.Message())
					return true
				})
			case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
				walk(name, v.Message())
			}
			return true
		})
	}
	walk(string(m.ProtoReflect().Descriptor().Name()), m.ProtoReflect())
	return out
}

func describeUnknown(raw []byte) string {
	var nums []string
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return "unparseable"
		}
		raw = raw[n:]
		m := protowire.ConsumeFieldValue(num, typ, raw)
		if m < 0 {
			return "unparseable"
		}
		raw = raw[m:]
		nums = append(nums, fmt.Sprintf("#%d", num))
	}
	return strings.Join(nums, ",")
}
