//! The arguments of `#[cors(...)]`, parsed into typed values that keep the span of every token
//! a later error may point at.

use cors_runtime::__private::OriginEntry;
use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprUnary, Ident, Lit, LitStr, Token, UnOp};

use crate::ctxt::Ctxt;

/// The keys of `#[cors(...)]` and `policy!(...)`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Origins,
    Methods,
    AllowHeaders,
    ExposeHeaders,
    Credentials,
    MaxAge,
    PrivateNetwork,
    Policy,
    Crate,
}

impl Key {
    const ALL: [Key; 9] = [
        Key::Origins,
        Key::Methods,
        Key::AllowHeaders,
        Key::ExposeHeaders,
        Key::Credentials,
        Key::MaxAge,
        Key::PrivateNetwork,
        Key::Policy,
        Key::Crate,
    ];

    fn name(self) -> &'static str {
        match self {
            Key::Origins => "origins",
            Key::Methods => "methods",
            Key::AllowHeaders => "allow_headers",
            Key::ExposeHeaders => "expose_headers",
            Key::Credentials => "credentials",
            Key::MaxAge => "max_age",
            Key::PrivateNetwork => "private_network",
            Key::Policy => "policy",
            Key::Crate => "crate",
        }
    }

    fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What a value of the key looks like, for messages.
    fn example(self) -> &'static str {
        match self {
            Key::Origins => "[\"https://app.example.com\"]",
            Key::Methods => "[\"GET\", \"PUT\"]",
            Key::AllowHeaders => "[\"content-type\"]",
            Key::ExposeHeaders => "[\"x-total-count\"]",
            Key::MaxAge => "600",
            Key::Policy => "PUBLIC_API",
            Key::Crate => "\"::strict_cors\"",
            Key::Credentials | Key::PrivateNetwork => "",
        }
    }
}

/// Names other CORS libraries use (actix-cors, Spring, tower-http) for the keys here.
const ALIASES: [(&str, Key); 12] = [
    ("allowed_origins", Key::Origins),
    ("allowed_origin", Key::Origins),
    ("allow_origins", Key::Origins),
    ("allowed_methods", Key::Methods),
    ("allow_methods", Key::Methods),
    ("allowed_headers", Key::AllowHeaders),
    ("headers", Key::AllowHeaders),
    ("exposed_headers", Key::ExposeHeaders),
    ("supports_credentials", Key::Credentials),
    ("allow_credentials", Key::Credentials),
    ("max_age_secs", Key::MaxAge),
    ("allow_private_network", Key::PrivateNetwork),
];

/// A string the user wrote, with where.
pub(crate) struct Item<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// A list value (or a single string standing for a one-entry list).
pub(crate) struct List<T> {
    /// The whole value.
    pub(crate) span: Span,
    pub(crate) items: Vec<Item<T>>,
    /// Some element could not be read (and was reported): what the list as a whole says (empty,
    /// say) is not what the user wrote.
    pub(crate) incomplete: bool,
}

/// `#[cors(...)]`'s arguments. `None` for a key not given.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) origins: Option<List<OriginEntry>>,
    pub(crate) methods: Option<List<String>>,
    /// `methods = "*"`, written as one string (not inside a list).
    pub(crate) any_method: bool,
    pub(crate) allow_headers: Option<List<String>>,
    pub(crate) expose_headers: Option<List<String>>,
    pub(crate) credentials: Option<Span>,
    pub(crate) max_age: Option<Item<i64>>,
    pub(crate) private_network: Option<Span>,
    pub(crate) krate: Option<syn::Path>,
    /// `policy = NAME`: a `static` made with `strict_cors::policy!`.
    pub(crate) policy: Option<syn::Path>,
    /// A mistake already reported may be why `origins` is missing, so it is not asked for: a
    /// key nearest to `origins` misspelled, an argument that could not be read at all, or
    /// `policy` written (even with a value that could not be read).
    pub(crate) origins_excused: bool,
    /// The first key written, for errors about the arguments as a whole.
    pub(crate) first_key: Option<Span>,
}

/// Where the arguments are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// `#[cors(...)]` on a handler.
    Attribute,
    /// `strict_cors::policy!(...)`.
    PolicyMacro,
}

/// One `key` or `key = value` as written.
struct Arg {
    key: Ident,
    value: Option<Expr>,
    /// Where the value was written as a call, `key(value)` (as `actix-cors`'s builder takes it),
    /// rather than `key = value`.
    called: Option<Span>,
}

impl Args {
    /// Parses the arguments, reporting every mistake to `cx`; what could be read is kept, and
    /// parsing goes on after a mistake from the next `,`, so that one compile reports them all.
    pub(crate) fn parse(tokens: TokenStream, site: Site, cx: &mut Ctxt) -> Args {
        let mut args = Args::default();
        let mut unreadable = Vec::new();
        let mut skipped = false;
        let parser = |input: ParseStream<'_>| Ok(args_recovering(input, &mut unreadable, &mut skipped));
        let list = parser.parse2(tokens).unwrap_or_default();
        // Tokens passed over may have held `origins`; a missing `,` alone loses nothing.
        args.origins_excused = skipped;
        for error in unreadable {
            cx.push(error);
        }
        let mut seen: Vec<(Key, Span)> = Vec::new();
        args.first_key = list.first().map(|arg| arg.key.span());
        for arg in list {
            let name = arg.key.unraw().to_string();
            let Some(key) = Key::from_name(&name) else {
                let (message, nearest) = unknown_key(&name);
                args.origins_excused |= nearest == Some(Key::Origins);
                cx.error(arg.key.span(), message);
                continue;
            };
            // A flag given a value is said so by `set`; any other key is read as meant.
            match (arg.called, matches!(key, Key::Credentials | Key::PrivateNetwork)) {
                (Some(called), false) => {
                    let value = arg
                        .value
                        .as_ref()
                        .map_or_else(|| key.example().to_owned(), |v| quote::quote!(#v).to_string());
                    cx.error(called, format!("write `{name} = {value}`: a key takes its value after `=`"));
                }
                (Some(called), true) if arg.value.is_none() => {
                    cx.error(called, flag_with_a_value(&name));
                }
                _ => {}
            }
            if seen.iter().any(|(k, _)| *k == key) {
                cx.error(arg.key.span(), format!("duplicate `{name}`: give each key once"));
                continue;
            }
            seen.push((key, arg.key.span()));
            if key == Key::Policy && site == Site::PolicyMacro {
                args.origins_excused = true;
                cx.error(
                    arg.key.span(),
                    "`policy = NAME` belongs on `#[cors(..)]`; inside `strict_cors::policy!` write the keys themselves",
                );
                continue;
            }
            args.set(key, arg, cx);
        }
        if args.policy.is_some() {
            // A named policy says everything: another key would be ignored or contradict it.
            for (key, span) in seen.iter().filter(|(k, _)| !matches!(k, Key::Policy | Key::Crate)) {
                let key = key.name();
                cx.error(
                    *span,
                    format!(
                        "`{key}` cannot be combined with `policy`: the named policy already sets every key; \
                         move `{key}` into its `strict_cors::policy!(..)`, or drop `policy`"
                    ),
                );
            }
        }
        args
    }

    fn set(&mut self, key: Key, arg: Arg, cx: &mut Ctxt) {
        let span = arg.key.span();
        let name = key.name();
        let flag = match key {
            Key::Credentials => Some(&mut self.credentials),
            Key::PrivateNetwork => Some(&mut self.private_network),
            _ => None,
        };
        if let Some(flag) = flag {
            match &arg.value {
                Some(value) => cx.error(value.span(), flag_with_a_value(name)),
                None => *flag = Some(span),
            }
            return;
        }
        let Some(value) = arg.value else {
            self.origins_excused |= key == Key::Policy;
            cx.error(span, format!("`{name}` needs a value: `{name} = {}`", key.example()));
            return;
        };
        match key {
            Key::Origins => self.origins = Some(origins(&value, cx)),
            Key::Methods => {
                self.any_method = lit_str(&value).is_some_and(|s| s.value() == "*");
                self.methods = Some(strings(key, &value, cx));
            }
            Key::AllowHeaders => self.allow_headers = Some(strings(key, &value, cx)),
            Key::ExposeHeaders => self.expose_headers = Some(strings(key, &value, cx)),
            Key::MaxAge => self.max_age = max_age(&value, cx),
            Key::Policy => {
                self.origins_excused = true;
                self.policy = policy(&value, cx);
            }
            Key::Crate => self.krate = krate(&value, cx),
            // Flags were set above.
            Key::Credentials | Key::PrivateNetwork => {}
        }
    }
}

/// The arguments that could be read, each mistake in the others kept in `unreadable`: after
/// one, reading goes on past the next `,` outside brackets (`skipped` says it did).
fn args_recovering(input: ParseStream<'_>, unreadable: &mut Vec<syn::Error>, skipped: &mut bool) -> Vec<Arg> {
    let mut list = Vec::new();
    while !input.is_empty() {
        match parse_arg(input) {
            Ok(arg) => list.push(arg),
            Err(e) => {
                unreadable.push(e);
                skip_past_comma(input);
                *skipped = true;
                continue;
            }
        }
        if input.is_empty() {
            break;
        }
        if input.parse::<Token![,]>().is_err() {
            unreadable.push(input.error("expected `,` between arguments"));
            // A key next (`origins = "*" credentials`) is read as the next argument, so that
            // its mistakes are reported in this compile too.
            if !input.peek(syn::Ident::peek_any) {
                skip_past_comma(input);
                *skipped = true;
            }
        }
    }
    list
}

/// Skips tokens up to and past the next `,` at this level (a `,` inside brackets is a token
/// tree's own).
fn skip_past_comma(input: ParseStream<'_>) {
    while !input.is_empty() {
        if input.parse::<Token![,]>().is_ok() {
            return;
        }
        if input.parse::<proc_macro2::TokenTree>().is_err() {
            return;
        }
    }
}

fn parse_arg(input: ParseStream<'_>) -> syn::Result<Arg> {
    let key = input.call(Ident::parse_any)?;
    if input.peek(syn::token::Paren) {
        let content;
        let parens = syn::parenthesized!(content in input);
        let value = if content.is_empty() { None } else { Some(content.parse::<Expr>()?) };
        return Ok(Arg { key, value, called: Some(parens.span.join()) });
    }
    let value = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        Some(input.parse::<Expr>()?)
    } else {
        None
    };
    Ok(Arg { key, value, called: None })
}

/// The message for a flag written with a value, `credentials = true` or `credentials()`.
fn flag_with_a_value(name: &str) -> String {
    format!("`{name}` is a flag: write `{name}` alone to turn it on, leave it out to keep it off")
}

/// The message for an unknown key, and the known key it is nearest to, if any.
fn unknown_key(key: &str) -> (String, Option<Key>) {
    let known = Key::ALL.map(|k| format!("`{}`", k.name())).join(", ");
    let nearest = ALIASES.iter().find(|(alias, _)| *alias == key).map(|&(_, k)| k).or_else(|| {
        Key::ALL
            .iter()
            .map(|&k| (edit_distance(key, k.name()), k.name(), k))
            .filter(|(d, name, _)| *d <= 3.max(name.len() / 3))
            .min_by_key(|&(d, name, _)| (d, name))
            .map(|(_, _, k)| k)
    });
    let message = match nearest {
        Some(k) => format!("unknown key `{key}`: did you mean `{}`? (known keys: {known})", k.name()),
        None => format!("unknown key `{key}` (known keys: {known})"),
    };
    (message, nearest)
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `expr` without the invisible group a `macro_rules!` fragment (`$x:expr`, `$x:literal`)
/// arrives in.
fn ungroup(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => ungroup(&g.expr),
        _ => expr,
    }
}

fn lit_str(expr: &Expr) -> Option<&LitStr> {
    match ungroup(expr) {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Some(s),
        _ => None,
    }
}

/// The error for `expr` if it is a string literal the compiler could not read (an unknown
/// escape, such as a regex's `\.` in a plain string): the compiler reports the escape; this
/// says what to write instead of calling the literal no string.
fn unreadable_string(expr: &Expr) -> Option<syn::Error> {
    let Expr::Lit(ExprLit { lit: Lit::Verbatim(literal), .. }) = ungroup(expr) else { return None };
    literal.to_string().starts_with('"').then(|| {
        syn::Error::new_spanned(
            literal,
            "this string has an escape Rust does not know (see the error above): a regex's `\\.` \
             needs a raw string, `regex(r\"https://pr-[0-9]+\\.example\\.com\")`; an origin, a \
             method or a header name needs no `\\`",
        )
    })
}

/// The elements of `[a, b]`, or the value itself standing for a one-element list.
fn elements(expr: &Expr) -> Vec<&Expr> {
    match ungroup(expr) {
        Expr::Array(array) => array.elems.iter().collect(),
        expr => vec![expr],
    }
}

/// A list written as one string (`"https://a.com, https://b.com"`, `"GET, POST"`), which the
/// key would read as one entry: reported, with the list to write.
fn one_string_for_a_list(key: Key, value: &Expr, cx: &mut Ctxt) -> bool {
    let Some(s) = lit_str(value) else { return false };
    let text = s.value();
    if !text.contains(',') {
        return false;
    }
    let entries: Vec<String> =
        text.split(',').map(str::trim).filter(|e| !e.is_empty()).map(|e| format!("{e:?}")).collect();
    let name = key.name();
    cx.push(syn::Error::new_spanned(
        s,
        format!("`{name}` takes a list, one entry per string: `{name} = [{}]`", entries.join(", ")),
    ));
    true
}

fn origins(value: &Expr, cx: &mut Ctxt) -> List<OriginEntry> {
    let (mut items, mut incomplete) = (Vec::new(), false);
    if one_string_for_a_list(Key::Origins, value, cx) {
        return List { span: value.span(), items, incomplete: true };
    }
    for element in elements(value) {
        if let Some(s) = lit_str(element) {
            items.push(Item { value: OriginEntry::Literal(s.value()), span: s.span() });
            continue;
        }
        let call = regex_call(element);
        let unreadable = match call {
            Some(Err(call)) => call.args.first().and_then(unreadable_string),
            _ => unreadable_string(element),
        };
        let error = match (call, unreadable) {
            (Some(Ok(source)), _) => {
                items.push(Item { value: OriginEntry::Regex(source.value()), span: source.span() });
                continue;
            }
            // One string the compiler could not read: what to write instead.
            (Some(Err(call)), Some(unreadable)) if call.args.len() == 1 => unreadable,
            // Otherwise (several arguments, one of them unreadable, say) each mistake where it is.
            (Some(Err(call)), unreadable) => {
                let takes_one = syn::Error::new_spanned(
                    call,
                    "`regex` takes one string: `regex(r\"https://pr-[0-9]+\\.example\\.com\")`",
                );
                // In the order they are written: the call, then the string in it.
                match unreadable {
                    Some(unreadable) => {
                        cx.push(takes_one);
                        unreadable
                    }
                    None => takes_one,
                }
            }
            (None, Some(unreadable)) => unreadable,
            (None, None) => syn::Error::new_spanned(
                element,
                "an origin is a string (`\"https://app.example.com\"`) or `regex(\"...\")`",
            ),
        };
        incomplete = true;
        cx.push(error);
    }
    List { span: value.span(), items, incomplete }
}

/// `regex("...")`: `Some(Ok(string))`, or `Some(Err(call))` for a `regex(..)` call that is not
/// given one string; `None` for anything else.
fn regex_call(expr: &Expr) -> Option<Result<&LitStr, &syn::ExprCall>> {
    let Expr::Call(call) = ungroup(expr) else { return None };
    if !matches!(ungroup(&call.func), Expr::Path(p) if p.path.is_ident("regex")) {
        return None;
    }
    match (call.args.len(), call.args.first().and_then(lit_str)) {
        (1, Some(s)) => Some(Ok(s)),
        _ => Some(Err(call)),
    }
}

fn strings(key: Key, value: &Expr, cx: &mut Ctxt) -> List<String> {
    let (name, example) = (key.name(), key.example());
    let (mut items, mut incomplete) = (Vec::new(), false);
    if one_string_for_a_list(key, value, cx) {
        return List { span: value.span(), items, incomplete: true };
    }
    for element in elements(value) {
        match lit_str(element) {
            Some(s) => items.push(Item { value: s.value(), span: s.span() }),
            None => {
                incomplete = true;
                cx.push(unreadable_string(element).unwrap_or_else(|| {
                    syn::Error::new_spanned(element, format!("`{name}` takes strings: `{name} = {example}`"))
                }));
            }
        }
    }
    List { span: value.span(), items, incomplete }
}

fn max_age(value: &Expr, cx: &mut Ctxt) -> Option<Item<i64>> {
    let (negative, int) = match ungroup(value) {
        Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => (false, int),
        Expr::Unary(ExprUnary { op: UnOp::Neg(_), expr, .. }) => match ungroup(expr) {
            Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => (true, int),
            _ => return max_age_error(value, cx),
        },
        _ => return max_age_error(value, cx),
    };
    if !int.suffix().is_empty() {
        return max_age_error(value, cx);
    }
    match int.base10_parse::<i64>() {
        Ok(n) => Some(Item { value: if negative { -n } else { n }, span: value.span() }),
        Err(_) if negative => {
            cx.push(syn::Error::new_spanned(
                value,
                "`max_age` cannot be negative: write a number of seconds from 0 to 86400",
            ));
            None
        }
        Err(_) => {
            cx.push(syn::Error::new_spanned(
                value,
                "`max_age` is too large: write a number of seconds from 0 to 86400",
            ));
            None
        }
    }
}

fn max_age_error<T>(value: &Expr, cx: &mut Ctxt) -> Option<T> {
    cx.push(syn::Error::new_spanned(value, "`max_age` is a whole number of seconds: `max_age = 600`"));
    None
}

fn policy(value: &Expr, cx: &mut Ctxt) -> Option<syn::Path> {
    match ungroup(value) {
        Expr::Path(path) if path.qself.is_none() => Some(path.path.clone()),
        _ => {
            cx.push(syn::Error::new_spanned(
                value,
                "`policy` names a `static` made with `strict_cors::policy!`: `policy = PUBLIC_API`",
            ));
            None
        }
    }
}

fn krate(value: &Expr, cx: &mut Ctxt) -> Option<syn::Path> {
    let parsed = lit_str(value).map(LitStr::parse::<syn::Path>);
    match parsed {
        Some(Ok(path)) => Some(path),
        _ => {
            cx.error(
                value.span(),
                "`crate` is the path of the `strict-cors` crate as a string: `crate = \"::my_cors\"`",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, unknown_key};

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("origin", "origins"), 1);
        assert!(unknown_key("origin").0.contains("did you mean `origins`?"));
        assert!(unknown_key("max_ages").0.contains("did you mean `max_age`?"));
        assert!(unknown_key("allowed_headers").0.contains("did you mean `allow_headers`?"));
        assert!(unknown_key("supports_credentials").0.contains("did you mean `credentials`?"));
        assert!(!unknown_key("zzzzzzzzzzzz").0.contains("did you mean"));
    }
}
