//! The import paths of a folder's .proto files. A project keeps its protos in
//! a tree (`proto/acme/billing/v1/invoice.proto`) and imports them by a path
//! relative to an include root (`acme/common/v1/money.proto`), which the
//! folder does not state. The roots are found from the imports themselves:
//! an import `a/b.proto` that only `proto/a/b.proto` ends with makes `proto/`
//! a root. A file nothing imports takes the longest root it lies under, else
//! the path its `package` gives, else its path in the folder.
//!
//! The scan only finds roots; protox compiles the files and reports what does
//! not resolve, with the file, line and column.

use std::collections::BTreeSet;

use switchboard_wire::schema::ProtoFile;

/// A .proto file of the folder, by its path in the folder (`/` between parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderFile {
    pub path: String,
    pub source: String,
}

/// The folder's files under their import paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rooted {
    /// Named by import path, in the folder's order.
    pub files: Vec<ProtoFile>,
    /// Each file's path in the folder, by the index of `files`.
    pub paths: Vec<String>,
    /// The include roots, each empty (the folder itself) or ending in `/`:
    /// the folders the files' import paths start from.
    pub roots: Vec<String>,
}

/// Names each file by the path the others import it by.
pub fn root(folder: Vec<FolderFile>) -> Rooted {
    let scanned: Vec<Scanned> = folder.iter().map(|file| scan(&file.source)).collect();
    let mut names: Vec<Option<String>> = vec![None; folder.len()];
    let mut roots = BTreeSet::new();
    let imports: Vec<&str> = scanned
        .iter()
        .flat_map(|scan| scan.imports.iter().map(String::as_str))
        .collect();
    // Imports that only one file can answer fix roots first; they then settle
    // the imports that several files could answer (vendored copies).
    for unique in [true, false] {
        for import in &imports {
            let matches: Vec<usize> = (0..folder.len())
                .filter(|&i| root_of(&folder[i].path, import).is_some())
                .collect();
            if unique != (matches.len() == 1) || matches.iter().any(|&i| names[i].is_some()) {
                continue;
            }
            let root = |i: &usize| root_of(&folder[*i].path, import).unwrap_or_default();
            let chosen = matches
                .iter()
                .find(|i| roots.contains(root(i)))
                .or_else(|| matches.iter().min_by_key(|i| root(i).len()));
            if let Some(&i) = chosen {
                roots.insert(root(&i).to_owned());
                names[i] = Some((*import).to_owned());
            }
        }
    }
    let files: Vec<ProtoFile> = folder
        .iter()
        .zip(names)
        .zip(&scanned)
        .map(|((file, name), scan)| ProtoFile {
            name: name.unwrap_or_else(|| unimported_name(&file.path, &roots, scan)),
            source: file.source.clone(),
        })
        .collect();
    // Every file's root, those of the files nothing imports too: what a
    // compiler given these files needs as its include paths.
    let roots: BTreeSet<String> = folder
        .iter()
        .zip(&files)
        .filter_map(|(file, named)| root_of(&file.path, &named.name).map(str::to_owned))
        .collect();
    Rooted {
        files,
        paths: folder.into_iter().map(|file| file.path).collect(),
        roots: roots.into_iter().collect(),
    }
}

impl Rooted {
    /// A compile error (`name:line:column: message`) with the file named by
    /// its path in the folder, which is what the person sees.
    pub fn in_folder(&self, error: &str) -> String {
        let named = self.files.iter().zip(&self.paths).find_map(|(file, path)| {
            let rest = error.strip_prefix(file.name.as_str())?;
            rest.starts_with(':').then(|| format!("{path}{rest}"))
        });
        named.unwrap_or_else(|| error.to_owned())
    }
}

/// The root under which `path` is imported as `import`, if it is.
fn root_of<'a>(path: &'a str, import: &str) -> Option<&'a str> {
    let root = path.strip_suffix(import)?;
    (root.is_empty() || root.ends_with('/')).then_some(root)
}

/// The name of a file no other file imports.
fn unimported_name(path: &str, roots: &BTreeSet<String>, scan: &Scanned) -> String {
    let under_root = roots
        .iter()
        .filter(|root| !root.is_empty() && path.starts_with(root.as_str()))
        .max_by_key(|root| root.len());
    if let Some(root) = under_root {
        return path[root.len()..].to_owned();
    }
    let by_package = scan.package.as_ref().and_then(|package| {
        let file_name = path.rsplit('/').next()?;
        let import = format!("{}/{file_name}", package.replace('.', "/"));
        root_of(path, &import).map(|_| import)
    });
    by_package.unwrap_or_else(|| path.to_owned())
}

/// What a file's statements say about where it sits.
#[derive(Debug, Default, PartialEq)]
struct Scanned {
    imports: Vec<String>,
    package: Option<String>,
}

/// The imports and package of a .proto file's text.
fn scan(source: &str) -> Scanned {
    let mut scanned = Scanned::default();
    for statement in without_comments(source).split([';', '{', '}']) {
        let statement = statement.trim_start();
        if let Some(rest) = keyword(statement, "import") {
            let rest = rest.trim_start();
            let rest = keyword(rest, "public")
                .or_else(|| keyword(rest, "weak"))
                .unwrap_or(rest);
            if let Some(path) = unquote(rest.trim()) {
                scanned.imports.push(path.to_owned());
            }
        } else if let Some(rest) = keyword(statement, "package") {
            scanned.package = rest.split_whitespace().next().map(str::to_owned);
        }
    }
    scanned
}

/// What follows `word` at the start of `statement`, if it is that keyword.
fn keyword<'a>(statement: &'a str, word: &str) -> Option<&'a str> {
    let rest = statement.strip_prefix(word)?;
    rest.starts_with(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .then_some(rest)
}

/// The text inside matching quotes.
fn unquote(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    text[1..].strip_suffix(quote)
}

/// `source` with its comments blanked out, strings kept as they are.
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c, chars.peek()) {
            (Some(q), _, _) => {
                if c == '\\' {
                    out.push(c);
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                    continue;
                }
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            (None, '"' | '\'', _) => {
                quote = Some(c);
                out.push(c);
            }
            (None, '/', Some('/')) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            (None, '/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for skipped in chars.by_ref() {
                    if last == '*' && skipped == '/' {
                        break;
                    }
                    last = skipped;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, source: &str) -> FolderFile {
        FolderFile {
            path: path.to_owned(),
            source: source.to_owned(),
        }
    }

    fn names(rooted: &Rooted) -> Vec<&str> {
        rooted.files.iter().map(|file| file.name.as_str()).collect()
    }

    const INVOICE: &str = "syntax = \"proto3\";\npackage acme.billing.v1;\n\
        // import \"commented/out.proto\";\n\
        import \"acme/common/v1/money.proto\";\nimport public 'google/protobuf/timestamp.proto';\n";

    #[test]
    fn an_import_across_folders_finds_the_root() {
        let rooted = root(vec![
            file("proto/acme/billing/v1/invoice.proto", INVOICE),
            file(
                "proto/acme/common/v1/money.proto",
                "package acme.common.v1; message Money {}",
            ),
        ]);
        assert_eq!(rooted.roots, ["proto/"]);
        assert_eq!(
            names(&rooted),
            [
                "acme/billing/v1/invoice.proto",
                "acme/common/v1/money.proto"
            ]
        );
    }

    #[test]
    fn several_roots_each_answer_their_imports() {
        let rooted = root(vec![
            file(
                "api/shop/v1/order.proto",
                "import \"google/api/http.proto\"; import \"shop/v1/item.proto\";",
            ),
            file("api/shop/v1/item.proto", "package shop.v1;"),
            file("third_party/google/api/http.proto", "package google.api;"),
            file("README.proto", "syntax = \"proto3\";"),
        ]);
        assert_eq!(rooted.roots, ["", "api/", "third_party/"]);
        assert_eq!(
            names(&rooted),
            [
                "shop/v1/order.proto",
                "shop/v1/item.proto",
                "google/api/http.proto",
                "README.proto"
            ]
        );
    }

    #[test]
    fn a_file_nothing_imports_takes_its_package_path() {
        let rooted = root(vec![file(
            "proto/echo/v1/echo.proto",
            "/* a service */ package echo.v1; service Echo {}",
        )]);
        assert_eq!(rooted.roots, ["proto/"]);
        assert_eq!(names(&rooted), ["echo/v1/echo.proto"]);
        let flat = root(vec![file("misc/echo.proto", "package echo.v1;")]);
        assert_eq!(flat.roots, [""]);
        assert_eq!(names(&flat), ["misc/echo.proto"]);
    }

    #[test]
    fn a_vendored_copy_loses_to_the_root_already_found() {
        let rooted = root(vec![
            file(
                "proto/a/b.proto",
                "import \"a/c.proto\"; import \"a/d.proto\";",
            ),
            file("proto/a/c.proto", ""),
            file("proto/a/d.proto", ""),
            file("vendor/proto/a/d.proto", ""),
        ]);
        assert_eq!(rooted.roots, ["", "proto/"]);
        assert_eq!(
            names(&rooted),
            [
                "a/b.proto",
                "a/c.proto",
                "a/d.proto",
                "vendor/proto/a/d.proto"
            ]
        );
    }

    #[test]
    fn a_path_only_matches_at_a_folder_boundary() {
        let rooted = root(vec![
            file("x.proto", "import \"b.proto\";"),
            file("sub/ab.proto", ""),
        ]);
        assert_eq!(rooted.roots, [""]);
        assert_eq!(names(&rooted), ["x.proto", "sub/ab.proto"]);
    }

    #[test]
    fn comments_and_strings_do_not_hide_or_fake_imports() {
        let scanned = scan(
            "option go_package = \"http://x;y\"; /* import \"no.proto\"; */\n\
             import\"a.proto\"; import weak \"b.proto\";\nmessage M { string s = 1; }",
        );
        assert_eq!(scanned.imports, ["a.proto", "b.proto"]);
    }

    #[test]
    fn errors_name_the_file_by_its_path_in_the_folder() {
        let rooted = root(vec![
            file("proto/acme/billing/v1/invoice.proto", INVOICE),
            file("proto/acme/common/v1/money.proto", ""),
        ]);
        assert_eq!(
            rooted.in_folder("acme/billing/v1/invoice.proto:4:1: import 'x.proto' not found"),
            "proto/acme/billing/v1/invoice.proto:4:1: import 'x.proto' not found"
        );
        assert_eq!(rooted.in_folder("no schema"), "no schema");
    }
}
