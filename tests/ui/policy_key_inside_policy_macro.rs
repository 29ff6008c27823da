use strict_cors::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"]);
static OTHER: Policy = policy!(policy = API);

fn main() {
    let _ = (&API, &OTHER);
}
