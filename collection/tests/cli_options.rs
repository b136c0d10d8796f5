//! `switchboard-run`'s choices against a users-like axum server: which
//! collection runs, `--var` over the environment (secrets stay masked), and
//! nothing sent when the file, a name or a variable is wrong.

mod common;

use common::{
    File, run,
    users::{expect, server, workspace},
};
use switchboard_collection::{Collection, ExpectedStatus, HttpRequest, Item, Pair, Variable};

#[tokio::test]
async fn collections_are_chosen_by_name_and_vars_override_the_environment() {
    let server = server().await;
    let mut first = Collection::new("first");
    first.add_item(Item::new(
        "one",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    let mut second = Collection::new("second");
    second.add_item(expect(
        Item::new(
            "by id",
            HttpRequest::new("GET", "{{base_url}}/users/{{id}}"),
        ),
        ExpectedStatus::Exact(200),
    ));
    let mut w = workspace(vec![first, second], "http://127.0.0.1:9");
    w.environments[0].variables.push(Variable::new("id", "5"));
    let file = File::workspace(&w);
    let run = run(
        &file,
        &[
            "--env",
            "local",
            "--collection",
            "second",
            "--var",
            &format!("base_url={}", server.url),
            "--var",
            "id=1",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("Collection \"second\", environment \"local\"\n"),
        "{}",
        run.stdout
    );
    run.line("PASS  200  ", "by id");
    assert!(!run.stdout.contains("one"), "{}", run.stdout);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_secret_given_with_var_stays_masked() {
    let server = server().await;
    let mut c = Collection::new("c");
    c.add_item(expect(
        Item::new(
            "echo the key",
            HttpRequest::new("GET", "{{base_url}}/users/{{token}}"),
        ),
        ExpectedStatus::Exact(200),
    ));
    let mut w = workspace(vec![c], &server.url);
    w.environments[0].variables[1].value = String::new();
    let file = File::workspace(&w);
    let run = run(&file, &["--env", "local", "--var", "token=424242"]).await;
    // The server answers 404 for that user and quotes the id back.
    assert_eq!(run.code, 1, "{run:?}");
    let line = run.line("FAIL  404 expected 200  ", "echo the key");
    assert!(line.contains("/users/••••••"), "{line}");
    assert!(run.stdout.contains("no user ••••••"), "{}", run.stdout);
}

#[tokio::test]
async fn nothing_is_sent_when_the_file_a_name_or_a_variable_is_wrong() {
    let server = server().await;
    let mut c = Collection::new("c");
    c.add_item(Item::new(
        "fine",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    c.add_item(Item::new(
        "typo",
        HttpRequest {
            headers: vec![Pair::new("Authorization", "Bearer {{tokn}}")],
            ..HttpRequest::new("GET", "{{base_url}}/users/1")
        },
    ));
    let file = File::workspace(&workspace(vec![c], &server.url));

    let unknown = run(&file, &["--env", "local"]).await;
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown
            .stderr
            .contains("\"c\" / \"typo\": unknown variable {{tokn}} in headers[0].value"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stdout.is_empty(), "{}", unknown.stdout);

    let no_env = run(&file, &[]).await;
    assert_eq!(no_env.code, 2);
    assert!(
        no_env.stderr.contains("(no --env was given)"),
        "{}",
        no_env.stderr
    );

    let wrong_env = run(&file, &["--env", "staging"]).await;
    assert_eq!(wrong_env.code, 2);
    assert!(
        wrong_env
            .stderr
            .contains("has no environment called \"staging\"; it has \"local\""),
        "{}",
        wrong_env.stderr
    );

    let wrong_collection = run(&file, &["--env", "local", "--collection", "d"]).await;
    assert_eq!(wrong_collection.code, 2);
    assert!(
        wrong_collection
            .stderr
            .contains("no collection called \"d\"")
    );

    let newer = File::text(r#"{"format": "switchboard.collections", "version": 9}"#);
    let refused = run(&newer, &[]).await;
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("version 9"), "{}", refused.stderr);

    let bad_var = run(&file, &["--env", "local", "--var", "novalue"]).await;
    assert_eq!(bad_var.code, 2, "clap's usage error");

    assert_eq!(server.requests(), 0);
}
