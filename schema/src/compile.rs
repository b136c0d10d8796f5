//! .proto files given as text, compiled by protox with nothing but memory:
//! the given files first, then protox's copies of the well-known types.

use std::collections::HashMap;

use miette::Diagnostic;
use prost_reflect::DescriptorPool;
use protox::{
    Compiler,
    file::{ChainFileResolver, File, FileResolver, GoogleFileResolver},
};
use switchboard_wire::schema::{ProtoFile, SchemaError};

/// The given files by import path.
struct MemoryResolver {
    files: HashMap<String, String>,
}

impl FileResolver for MemoryResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.files.get(name) {
            Some(source) => File::from_source(name, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Compiles every file, keeping source info (comments) and the imported files.
pub fn compile(files: &[ProtoFile]) -> Result<DescriptorPool, SchemaError> {
    if let Some(file) = files.iter().find(|file| !is_import_path(&file.name)) {
        return Err(SchemaError::Compile {
            file: file.name.clone(),
            line: None,
            column: None,
            message: "a file's name must be its import path, such as `shop/v1/order.proto`"
                .to_owned(),
        });
    }
    let memory = MemoryResolver {
        files: files
            .iter()
            .map(|file| (file.name.clone(), file.source.clone()))
            .collect(),
    };
    let mut resolver = ChainFileResolver::new();
    resolver.add(memory);
    resolver.add(GoogleFileResolver::new());
    let mut compiler = Compiler::with_file_resolver(resolver);
    compiler.include_source_info(true).include_imports(true);
    for file in files {
        compiler
            .open_file(&file.name)
            .map_err(|err| compile_error(&err, &file.name))?;
    }
    Ok(compiler.descriptor_pool())
}

/// Whether `name` is a path that an `import` can name: relative, with `/`
/// between non-empty parts and no `.` or `..` (protox would otherwise
/// answer that it is "not in any include path", which means nothing here).
fn is_import_path(name: &str) -> bool {
    name.ends_with(".proto")
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// The file, line and column of a protox error, from its miette label: a
/// syntax error points at the token, a missing import at the import, an
/// unknown type at its name.
fn compile_error(err: &protox::Error, opened: &str) -> SchemaError {
    let file = err.file().unwrap_or(opened).to_owned();
    let place = err.source_code().and_then(|source| {
        let label = err.labels()?.next()?;
        let contents = source.read_span(label.inner(), 0, 0).ok()?;
        Some((contents.line(), contents.column()))
    });
    let number = |n: usize| u32::try_from(n + 1).ok();
    SchemaError::Compile {
        file,
        line: place.and_then(|(line, _)| number(line)),
        column: place.and_then(|(_, column)| number(column)),
        message: err.to_string(),
    }
}
