using System;
using System.Collections.Generic;
using System.Text;
using GeminiTuning.Emulator.Json;

namespace GeminiTuning.Emulator.Vertex;

/// <summary>How a filterable field compares.</summary>
internal enum FilterFieldKind
{
    Unknown,
    Text,
    Time,
}

/// <summary>What a filter can ask of a listed item.</summary>
internal interface IFilterTarget
{
    /// <summary>The value of a text field (state, base_model, …); null when the item has none.</summary>
    string? Text(string field);

    /// <summary>The value of a time field (create_time, …); null when the item has none.</summary>
    DateTimeOffset? Time(string field);

    IReadOnlyDictionary<string, string> Labels { get; }
}

/// <summary>The AIP-160 subset Vertex AI job lists accept: comparisons (<c>=</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>, <c>:</c>) of a field with a quoted or bare value, <c>labels.key:*</c>, joined by
/// <c>AND</c> (or juxtaposition), <c>OR</c>, <c>NOT</c>/<c>-</c> and parentheses.</summary>
internal abstract class ListFilter
{
    public abstract bool Matches(IFilterTarget target);

    /// <summary>Parses a filter; null or blank means "everything". Throws INVALID_ARGUMENT for anything else.</summary>
    public static ListFilter? Parse(string? text, Func<string, FilterFieldKind> fieldKind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parser = new Parser(Tokenize(text!), fieldKind);
        var filter = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw Unsupported("unexpected \"" + parser.Peek.Text + "\"");
        }

        return filter;
    }

    internal static ApiException Unsupported(string detail) =>
        ApiException.InvalidArgument("Unsupported filter: " + detail + ".", ApiException.BadRequest("filter", "Unsupported filter: " + detail + "."));

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '(' || c == ')')
            {
                tokens.Add(new Token(c.ToString(), TokenKind.Symbol));
                i++;
                continue;
            }

            if (c == '!' || c == '<' || c == '>' || c == '=' || c == ':')
            {
                var op = i + 1 < text.Length && text[i + 1] == '=' && c != '=' && c != ':' ? text.Substring(i, 2) : c.ToString();
                if (op == "!")
                {
                    throw Unsupported("\"!\" must be followed by \"=\"");
                }

                tokens.Add(new Token(op, TokenKind.Operator));
                i += op.Length;
                continue;
            }

            if (c == '"' || c == '\'')
            {
                var builder = new StringBuilder();
                var j = i + 1;
                while (j < text.Length && text[j] != c)
                {
                    if (text[j] == '\\' && j + 1 < text.Length)
                    {
                        j++;
                    }

                    builder.Append(text[j]);
                    j++;
                }

                if (j >= text.Length)
                {
                    throw Unsupported("unterminated string");
                }

                tokens.Add(new Token(builder.ToString(), TokenKind.String));
                i = j + 1;
                continue;
            }

            if (c == '-' && (tokens.Count == 0 || tokens[tokens.Count - 1].Kind != TokenKind.Operator))
            {
                tokens.Add(new Token("-", TokenKind.Symbol));
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && "()!<>=:\"'".IndexOf(text[i]) < 0)
            {
                i++;
            }

            tokens.Add(new Token(text.Substring(start, i - start), TokenKind.Word));
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        String,
        Operator,
        Symbol,
    }

    private readonly struct Token
    {
        public Token(string text, TokenKind kind)
        {
            Text = text;
            Kind = kind;
        }

        public string Text { get; }

        public TokenKind Kind { get; }

        public bool Is(string keyword) => Kind == TokenKind.Word && Text == keyword;
    }

    private sealed class Parser
    {
        private readonly List<Token> _tokens;
        private readonly Func<string, FilterFieldKind> _fieldKind;
        private int _position;

        public Parser(List<Token> tokens, Func<string, FilterFieldKind> fieldKind)
        {
            _tokens = tokens;
            _fieldKind = fieldKind;
        }

        public bool AtEnd => _position >= _tokens.Count;

        public Token Peek => _tokens[_position];

        public ListFilter ParseOr()
        {
            var left = ParseAnd();
            while (!AtEnd && Peek.Is("OR"))
            {
                _position++;
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private ListFilter ParseAnd()
        {
            var left = ParseUnary();
            while (!AtEnd && !Peek.Is("OR") && !(Peek.Kind == TokenKind.Symbol && Peek.Text == ")"))
            {
                if (Peek.Is("AND"))
                {
                    _position++;
                }

                left = new And(left, ParseUnary());
            }

            return left;
        }

        private ListFilter ParseUnary()
        {
            if (AtEnd)
            {
                throw Unsupported("the filter ends too early");
            }

            if (Peek.Is("NOT") || (Peek.Kind == TokenKind.Symbol && Peek.Text == "-"))
            {
                _position++;
                return new Not(ParseUnary());
            }

            if (Peek.Kind == TokenKind.Symbol && Peek.Text == "(")
            {
                _position++;
                var inner = ParseOr();
                if (AtEnd || Peek.Text != ")")
                {
                    throw Unsupported("missing \")\"");
                }

                _position++;
                return inner;
            }

            return ParseComparison();
        }

        private ListFilter ParseComparison()
        {
            var field = Next();
            if (field.Kind != TokenKind.Word)
            {
                throw Unsupported("expected a field name, got \"" + field.Text + "\"");
            }

            if (AtEnd || Peek.Kind != TokenKind.Operator)
            {
                throw Unsupported("expected a comparison after \"" + field.Text + "\"");
            }

            var op = Next().Text;
            if (AtEnd || (Peek.Kind != TokenKind.Word && Peek.Kind != TokenKind.String))
            {
                throw Unsupported("expected a value after \"" + field.Text + op + "\"");
            }

            var value = Next();
            var name = field.Text;
            if (name.StartsWith("labels.", StringComparison.Ordinal) && name.Length > 7)
            {
                var key = name.Substring(7);
                if (op == ":" && value.Kind == TokenKind.Word && value.Text == "*")
                {
                    return new HasLabel(key);
                }

                if (op != "=" && op != "!=" && op != ":")
                {
                    throw Unsupported("labels can only be compared with =, != or :");
                }

                return new LabelEquals(key, value.Text, op == "!=");
            }

            switch (_fieldKind(name))
            {
                case FilterFieldKind.Time:
                    if (op == ":")
                    {
                        throw Unsupported("\":\" cannot be used with the time field \"" + name + "\"");
                    }

                    if (!ProtoTime.TryParse(value.Text, out var bound))
                    {
                        throw Unsupported("\"" + value.Text + "\" is not an RFC 3339 timestamp");
                    }

                    return new CompareTime(name, op, bound);
                case FilterFieldKind.Text:
                    if (op != "=" && op != "!=" && op != ":")
                    {
                        throw Unsupported("the field \"" + name + "\" can only be compared with =, != or :");
                    }

                    return new CompareText(name, op, value.Text);
                default:
                    throw Unsupported("the field \"" + name + "\" cannot be filtered on");
            }
        }

        private Token Next() => _tokens[_position++];
    }

    private sealed class And : ListFilter
    {
        private readonly ListFilter _left;
        private readonly ListFilter _right;

        public And(ListFilter left, ListFilter right)
        {
            _left = left;
            _right = right;
        }

        public override bool Matches(IFilterTarget target) => _left.Matches(target) && _right.Matches(target);
    }

    private sealed class Or : ListFilter
    {
        private readonly ListFilter _left;
        private readonly ListFilter _right;

        public Or(ListFilter left, ListFilter right)
        {
            _left = left;
            _right = right;
        }

        public override bool Matches(IFilterTarget target) => _left.Matches(target) || _right.Matches(target);
    }

    private sealed class Not : ListFilter
    {
        private readonly ListFilter _inner;

        public Not(ListFilter inner)
        {
            _inner = inner;
        }

        public override bool Matches(IFilterTarget target) => !_inner.Matches(target);
    }

    private sealed class HasLabel : ListFilter
    {
        private readonly string _key;

        public HasLabel(string key)
        {
            _key = key;
        }

        public override bool Matches(IFilterTarget target) => target.Labels.ContainsKey(_key);
    }

    private sealed class LabelEquals : ListFilter
    {
        private readonly string _key;
        private readonly string _value;
        private readonly bool _negate;

        public LabelEquals(string key, string value, bool negate)
        {
            _key = key;
            _value = value;
            _negate = negate;
        }

        public override bool Matches(IFilterTarget target)
        {
            var equal = target.Labels.TryGetValue(_key, out var actual) && actual == _value;
            return _negate ? !equal : equal;
        }
    }

    private sealed class CompareText : ListFilter
    {
        private readonly string _field;
        private readonly string _op;
        private readonly string _value;

        public CompareText(string field, string op, string value)
        {
            _field = field;
            _op = op;
            _value = value;
        }

        public override bool Matches(IFilterTarget target)
        {
            var text = target.Text(_field);
            if (_op == ":")
            {
                return text is not null && text.IndexOf(_value, StringComparison.OrdinalIgnoreCase) >= 0;
            }

            var equal = text is not null && (text == _value || (_field == "state" && text == "JOB_STATE_" + _value));
            return _op == "=" ? equal : !equal;
        }
    }

    private sealed class CompareTime : ListFilter
    {
        private readonly string _field;
        private readonly string _op;
        private readonly DateTimeOffset _bound;

        public CompareTime(string field, string op, DateTimeOffset bound)
        {
            _field = field;
            _op = op;
            _bound = bound;
        }

        public override bool Matches(IFilterTarget target)
        {
            var time = target.Time(_field);
            if (time is null)
            {
                return _op == "!=";
            }

            var c = time.Value.CompareTo(_bound);
            switch (_op)
            {
                case "=": return c == 0;
                case "!=": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                default: return c >= 0;
            }
        }
    }
}
