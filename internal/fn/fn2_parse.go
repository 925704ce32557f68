package fn

import (
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// Text parsers: parse_command_line, parse_path, extract_json (extractjson).

func init() {
	Register(&Scalar{Name: "parse_command_line", MinArgs: 2, MaxArgs: 2, Check: parseCheckCommandLine, Eval: parseCommandLineEval,
		Doc: `parse_command_line(command_line, "windows"): the arguments of a command line as a dynamic array, split as CommandLineToArgvW does.`})
	Register(&Scalar{Name: "parse_path", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Dynamic, KString),
		Eval: Map1(value.Dynamic, GetString, PutDyn, func(s string) (*value.Dyn, bool) { return parsePath(s), true }),
		Doc:  "parse_path(path): a bag of Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension and AlternateDataStreamName of a file path."})
	for _, name := range []string{"extract_json", "extractjson"} {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: 3, Check: parseCheckExtractJSON, Eval: parseExtractJSONEval,
			Doc: name + "(jsonPath, json[, typeof(T)]): the element at a JSONPath ($, .name, ['name'], [index]) of a JSON text, as a string or converted to T."})
	}
}

func parseCheckCommandLine(args []Arg) (value.Type, error) {
	if c := args[1].Const; c != nil && c.T == value.String && !strings.EqualFold(strings.TrimSpace(c.S), "windows") {
		return value.Unknown, Errorf(`argument 2 (parser_type) must be "windows", got %q`, c.S)
	}
	return value.Dynamic, nil
}

// parseCommandLineEval gives null for a parser type other than "windows",
// the only one Kusto supports (a constant one is rejected by Check).
func parseCommandLineEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		if !strings.EqualFold(strings.TrimSpace(args[1].AsString(i)), "windows") {
			return
		}
		parts := parseWindowsArgs(args[0].AsString(i))
		items := make([]*value.Dyn, len(parts))
		for k, p := range parts {
			items[k] = value.DynString(p)
		}
		res.D[i] = value.DynArray(items)
	})
	return res
}

// parseWindowsArgs splits a command line as CommandLineToArgvW does: the
// program name ends at the first blank (or its closing quote) with no
// escapes; later arguments honour quotes, 2n backslashes before a quote give
// n backslashes and toggle quoting, 2n+1 give n and a literal quote, and a
// run of quotes inside quotes emits one quote per three. An empty line gives
// no arguments (Windows would return the executable's path).
func parseWindowsArgs(s string) []string {
	if strings.Trim(s, " \t") == "" {
		return []string{}
	}
	var args []string
	var b []byte
	i := 0
	if s[0] == '"' {
		i = 1
		for i < len(s) && s[i] != '"' {
			b = append(b, s[i])
			i++
		}
		if i < len(s) {
			i++
		}
	} else {
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			b = append(b, s[i])
			i++
		}
	}
	args = append(args, string(b))
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return args
	}
	b = b[:0]
	qcount, bcount := 0, 0
	for i < len(s) {
		c := s[i]
		switch {
		case (c == ' ' || c == '\t') && qcount == 0:
			args = append(args, string(b))
			b = b[:0]
			bcount = 0
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if i >= len(s) {
				return args
			}
			continue
		case c == '\\':
			b = append(b, c)
			bcount++
			i++
		case c == '"':
			if bcount%2 == 0 {
				b = b[:len(b)-bcount/2]
				qcount++
			} else {
				b = b[:len(b)-bcount/2-1]
				b = append(b, '"')
			}
			i++
			bcount = 0
			for i < len(s) && s[i] == '"' {
				qcount++
				if qcount == 3 {
					b = append(b, '"')
					qcount = 0
				}
				i++
			}
			if qcount == 2 {
				qcount = 0
			}
		default:
			b = append(b, c)
			bcount = 0
			i++
		}
	}
	return append(args, string(b))
}

// parsePath splits a Windows or POSIX file path, following the documented
// examples: a scheme ("file://") is removed first; RootPath is a drive
// ("C:"); DirectoryPath is everything before the last slash or backslash
// (UNC "\\server" prefixes kept) and DirectoryName its last component;
// "name:stream" in the file name is an alternate data stream. A long-path
// prefix (\\?\) stays in DirectoryPath and does not hide the drive.
func parsePath(p string) *value.Dyn {
	scheme := ""
	if k := strings.Index(p, "://"); k > 1 && parsePathIsScheme(p[:k]) {
		scheme, p = p[:k], p[k+3:]
	}
	rest := p
	if strings.HasPrefix(rest, `\\?\`) || strings.HasPrefix(rest, `\\.\`) {
		rest = rest[4:]
	}
	root := ""
	if len(rest) >= 2 && rest[1] == ':' && parsePathIsLetter(rest[0]) {
		root = rest[:2]
	}
	dir, file := "", p
	if k := strings.LastIndexAny(p, `/\`); k >= 0 {
		dir, file = p[:k], p[k+1:]
	} else if root != "" && strings.HasPrefix(p, root) {
		// "C:file.txt": relative to the drive's current directory.
		dir, file = root, p[len(root):]
	}
	stream := ""
	if k := strings.IndexByte(file, ':'); k >= 0 {
		file, stream = file[:k], file[k+1:]
	}
	name := dir
	if k := strings.LastIndexAny(dir, `/\`); k >= 0 {
		name = dir[k+1:]
	}
	if name == root {
		name = ""
	}
	ext := ""
	if k := strings.LastIndexByte(file, '.'); k >= 0 {
		ext = file[k+1:]
	}
	keys := []string{"Scheme", "RootPath", "DirectoryPath", "DirectoryName", "Filename", "Extension", "AlternateDataStreamName"}
	vals := []string{scheme, root, dir, name, file, ext, stream}
	items := make([]*value.Dyn, len(vals))
	for i, v := range vals {
		items[i] = value.DynString(v)
	}
	return value.DynBag(keys, items)
}

func parsePathIsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parsePathIsScheme reports whether s is a URI scheme (RFC 3986: a letter,
// then letters, digits, "+", "-", ".").
func parsePathIsScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !parsePathIsLetter(c) && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

func parseCheckExtractJSON(args []Arg) (value.Type, error) {
	if len(args) < 3 {
		return value.String, nil
	}
	t, ok := strTypeLiteralType(args[2])
	if !ok {
		return value.Unknown, Errorf("argument 3 must be a type literal such as typeof(long)")
	}
	if t == value.Int {
		return value.Int, nil
	}
	return t, nil
}

// parseExtractJSONEval runs a JSONPath over JSON text. A missing element or
// text that is not JSON gives null (the empty string for string results);
// objects and arrays come out as compact JSON text.
func parseExtractJSONEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	t := value.String
	if len(args) > 2 && n > 0 {
		row := 0
		if len(sel) > 0 {
			row = int(sel[0])
		}
		t = strTypeLiteralOf(args[2], row)
	}
	res := value.NewVector(t, n)
	var (
		lastPath string
		steps    []jsonStep
		okPath   bool
		parsed   bool
	)
	ForRows(n, sel, func(i int) {
		path := args[0].AsString(i)
		if !parsed || path != lastPath {
			steps, okPath = parseJSONPath(path)
			lastPath, parsed = path, true
		}
		if !okPath {
			res.SetNull(i)
			return
		}
		var d *value.Dyn
		if src := args[1]; src.T == value.Dynamic {
			d = src.Dyn(i)
			if d.Kind() == value.DString {
				d, _ = value.ParseJSON(d.AsString())
			}
		} else {
			d, _ = value.ParseJSON(src.AsString(i))
		}
		for _, st := range steps {
			if d == nil {
				break
			}
			if st.key != nil {
				d = d.Get(*st.key)
			} else {
				d = d.Index(st.index)
			}
		}
		if d == nil || d.IsNull() {
			res.SetNull(i)
			return
		}
		if t == value.Dynamic {
			res.D[i] = d
			return
		}
		strPutConverted(res, i, t, d.String())
	})
	return res
}

// jsonStep is one accessor of a JSONPath: a property (key set) or an array
// index.
type jsonStep struct {
	key   *string
	index int
}

// parseJSONPath parses the subset Kusto documents: "$" (or "@") followed by
// ".name", "['name']", "[\"name\"]" and "[index]". Wildcards, recursion,
// unions and slices are rejected.
func parseJSONPath(p string) ([]jsonStep, bool) {
	p = strings.TrimSpace(p)
	if p == "" || (p[0] != '$' && p[0] != '@') {
		return nil, false
	}
	var steps []jsonStep
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			key := p[i:j]
			if key == "" || key == "*" || strings.HasPrefix(p[i-1:], "..") {
				return nil, false
			}
			steps = append(steps, jsonStep{key: &key})
			i = j
		case '[':
			i++
			if i < len(p) && (p[i] == '\'' || p[i] == '"') {
				q := p[i]
				var b strings.Builder
				i++
				for i < len(p) && p[i] != q {
					if p[i] == '\\' && i+1 < len(p) {
						i++
					}
					b.WriteByte(p[i])
					i++
				}
				if i+1 >= len(p) || p[i+1] != ']' {
					return nil, false
				}
				key := b.String()
				steps = append(steps, jsonStep{key: &key})
				i += 2
				continue
			}
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return nil, false
			}
			idx, err := strconv.Atoi(strings.TrimSpace(p[i : i+j]))
			if err != nil || idx < 0 {
				return nil, false
			}
			steps = append(steps, jsonStep{index: idx})
			i += j + 1
		default:
			return nil, false
		}
	}
	return steps, true
}
