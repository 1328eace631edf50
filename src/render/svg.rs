//! SVG: engine selection, and the runner for Graphviz `dot` (the one process the library
//! starts).
//!
//! Graphviz draws the best argument maps, but it is an outside program: it may be missing, slow
//! on a huge map, or fail. So it runs with a timeout, its stderr is captured for the error
//! message, and when it is absent the builtin layered layout (`builtin`) draws instead.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::scene::Scene;
use super::{Engine, RenderError, RenderOptions, Rendered, builtin, dot};
use crate::diagnostic::Diagnostic;
use crate::model::Map;

/// Nodes past which `--engine auto` uses the builtin layout: Graphviz took 0.4 s at 1,000
/// claims but 65 s at 10,000 (measured), past the default timeout.
pub const AUTO_GRAPHVIZ_LIMIT: usize = 3000;

/// Whether Graphviz `dot` can be run.
pub fn dot_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The engine `options.engine` resolves to on this machine.
pub fn resolve(engine: Engine) -> Engine {
    match engine {
        Engine::Auto if dot_available() => Engine::Graphviz,
        Engine::Auto => Engine::Builtin,
        other => other,
    }
}

/// The diagram as SVG, laid out by the engine the options ask for.
pub fn svg(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    draw(map, &scene, options)
}

/// The HTML page's drawing: an SVG of the diagram without its legend, or for a big map the
/// canvas document; and the legend as HTML. The page pins the legend over the diagram, where
/// panning and zooming cannot take it off-screen or shrink its text; `None` with `--no-legend`.
pub(crate) fn page_drawing(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<(PageDrawing, Option<String>), RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    let legend = options.legend.then(|| super::html::legend(&scene, options));
    if wants_canvas(&scene, options) {
        let laid = builtin::lay_out(&scene, options)?;
        return Ok((canvas_drawing(map, &scene, &laid, options), legend));
    }
    let mut bare = options.clone();
    bare.legend = false;
    Ok((PageDrawing::svg(draw(map, &scene, &bare)?), legend))
}

/// What the page embeds: `rendered.output` is an SVG document, or the canvas document when
/// `canvas` is set.
pub(crate) struct PageDrawing {
    pub rendered: Rendered,
    pub canvas: bool,
}

impl PageDrawing {
    fn svg(rendered: Rendered) -> Self {
        PageDrawing {
            rendered,
            canvas: false,
        }
    }

    /// The drawing as the page assembles it.
    pub(crate) fn diagram(&self) -> super::html::Diagram<'_> {
        if self.canvas {
            super::html::Diagram::Canvas(&self.rendered.output)
        } else {
            super::html::Diagram::Svg(&self.rendered.output)
        }
    }
}

/// Whether the page draws this scene on a canvas (see [`super::html::Drawing`]).
fn wants_canvas(scene: &Scene<'_>, options: &RenderOptions) -> bool {
    match options.page.drawing {
        super::html::Drawing::Svg => false,
        super::html::Drawing::Canvas => true,
        super::html::Drawing::Auto => {
            scene.nodes.len() + scene.notes.len() >= super::html::CANVAS_FROM
        }
    }
}

/// The canvas document of a laid-out scene, with a note when Graphviz was asked for.
fn canvas_drawing(
    map: &Map,
    scene: &Scene<'_>,
    laid: &builtin::LaidOut,
    options: &RenderOptions,
) -> PageDrawing {
    let clusters = builtin::cluster_frames(laid);
    let mut warnings = Vec::new();
    if options.engine == Engine::Graphviz {
        warnings.push(format!(
            "{} boxes: the page draws them on a canvas with the builtin layout; \
             --drawing svg for Graphviz's drawing",
            scene.nodes.len() + scene.notes.len()
        ));
    }
    PageDrawing {
        rendered: Rendered {
            output: super::canvas::scene_json(map, scene, laid, &clusters),
            warnings,
            engine: Some(Engine::Builtin),
        },
        canvas: true,
    }
}

/// `claimgraph build`'s drawings: the diagram with its legend (map.svg, as [`svg`] draws it)
/// and the page's drawing and HTML legend (as [`page_drawing`] makes them), from one scene.
/// The builtin engine lays the scene out once for both: its legend only moves the drawing
/// down. Graphviz lays the legend out with the claims, so it runs twice.
pub(crate) fn svg_and_page_drawing(
    map: &Map,
    diagnostics: &[Diagnostic],
    options: &RenderOptions,
) -> Result<(Rendered, PageDrawing, Option<String>), RenderError> {
    let scene = Scene::new(map, diagnostics, options)?;
    let legend = options.legend.then(|| super::html::legend(&scene, options));
    let mut bare = options.clone();
    bare.legend = false;
    let (engine, fallback) = engine_for(&scene, options);
    let canvas = wants_canvas(&scene, options);
    if engine != Engine::Builtin {
        let svg = draw(map, &scene, options)?;
        let page = if canvas {
            canvas_drawing(map, &scene, &builtin::lay_out(&scene, options)?, options)
        } else {
            PageDrawing::svg(draw(map, &scene, &bare)?)
        };
        return Ok((svg, page, legend));
    }
    let laid = builtin::lay_out(&scene, options)?;
    let mut svg = builtin::draw(map, &scene, &laid, options);
    svg.warnings.extend(fallback.clone());
    let page = if canvas {
        canvas_drawing(map, &scene, &laid, options)
    } else {
        let mut page = builtin::draw(map, &scene, &laid, &bare);
        page.warnings.extend(fallback);
        PageDrawing::svg(page)
    };
    Ok((svg, page, legend))
}

/// The engine that draws `scene`, and the warning when `auto` chose the builtin one for size.
fn engine_for(scene: &Scene<'_>, options: &RenderOptions) -> (Engine, Option<String>) {
    let size = scene.nodes.len() + scene.notes.len();
    if options.engine == Engine::Auto && size > AUTO_GRAPHVIZ_LIMIT {
        return (
            Engine::Builtin,
            Some(format!(
                "{size} nodes: drawn with the builtin engine (Graphviz takes about a minute at 10,000); \
                 --engine graphviz to use it anyway"
            )),
        );
    }
    (resolve(options.engine), None)
}

/// Lays `scene` out with the engine the options ask for.
fn draw(map: &Map, scene: &Scene<'_>, options: &RenderOptions) -> Result<Rendered, RenderError> {
    let (engine, fallback) = engine_for(scene, options);
    match engine {
        Engine::Builtin => {
            let mut rendered = builtin::svg(map, scene, options)?;
            rendered.warnings.extend(fallback);
            Ok(rendered)
        }
        _ => {
            let graph = dot::graph(map, scene, options);
            let source = dot::print(&graph);
            run_dot(&source, options.timeout)
        }
    }
}

/// Runs `dot -Tsvg` on `source`, stopping it after `timeout`.
///
/// Graphviz sometimes exits 1 after "trouble in init_rank" (a ranking bug with clusters) yet
/// writes a complete drawing; that drawing is returned with a warning. Any other failure is an
/// error carrying Graphviz's stderr.
pub fn run_dot(source: &str, timeout: Duration) -> Result<Rendered, RenderError> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RenderError::NoGraphviz),
        Err(e) => return Err(RenderError::Io(e)),
    };
    // Feed and drain on threads: a large graph fills the pipes both ways.
    let stdin = child.stdin.take();
    let input = source.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // A write error means dot died early; its exit status tells why.
            let _ = stdin.write_all(&input);
        }
    });
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = match child.wait_timeout(timeout)? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = writer.join();
            let _ = stdout.join();
            let _ = stderr.join();
            return Err(RenderError::Timeout(timeout));
        }
    };
    let _ = writer.join();
    let output = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
    let errors = String::from_utf8_lossy(&stderr.join().unwrap_or_default())
        .trim()
        .to_string();
    let complete = output.trim_end().ends_with("</svg>");
    let warnings: Vec<String> = errors
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("graphviz: {}", l.trim()))
        .collect();
    if status.success() && complete {
        return Ok(Rendered {
            output,
            warnings,
            engine: Some(Engine::Graphviz),
        });
    }
    if errors.contains("trouble in init_rank") && complete {
        let mut warnings = warnings;
        warnings.push(
            "graphviz reported \"trouble in init_rank\" but wrote a drawing; check it, or try without --group-by"
                .to_string(),
        );
        return Ok(Rendered {
            output,
            warnings,
            engine: Some(Engine::Graphviz),
        });
    }
    let status = match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".to_string(),
    };
    let stderr = if errors.is_empty() {
        "no message".to_string()
    } else {
        errors.lines().take(8).collect::<Vec<_>>().join("; ")
    };
    Err(RenderError::Graphviz { status, stderr })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn run_dot_reports_syntax_errors_with_graphviz_stderr() {
        if !dot_available() {
            eprintln!("SKIPPED run_dot_reports_syntax_errors: Graphviz `dot` is not installed");
            return;
        }
        let error = run_dot("digraph { a -> }", Duration::from_secs(20)).unwrap_err();
        let RenderError::Graphviz { status, stderr } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(status, "exit status 1");
        assert!(stderr.contains("syntax error"), "{stderr}");
    }

    /// `build`'s one layout for two drawings gives what drawing each on its own gives, with and
    /// without the legend and evidence notes.
    #[test]
    fn one_layout_draws_what_two_do() {
        let claims: Vec<_> = (0..6)
            .map(|i| {
                let supports = if i > 0 {
                    vec![format!("c{}", i - 1)]
                } else {
                    vec![]
                };
                let contradicts = if i > 2 {
                    vec![format!("c{}", i - 3)]
                } else {
                    vec![]
                };
                (
                    format!("c{i}"),
                    format!("Claim number {i}."),
                    supports,
                    contradicts,
                )
            })
            .collect();
        let map = crate::render::scene::test_map(&claims);
        for (legend, evidence) in [
            (true, super::super::EvidenceMode::Count),
            (false, super::super::EvidenceMode::Show),
            (true, super::super::EvidenceMode::Show),
        ] {
            let options = RenderOptions {
                engine: Engine::Builtin,
                legend,
                evidence,
                ..RenderOptions::default()
            };
            let (svg_one, page_one) =
                super::super::render_svg_and_html(&map, &[], &options).unwrap();
            let svg_two =
                super::super::render(&map, &[], super::super::Format::Svg, &options).unwrap();
            let page_two =
                super::super::render(&map, &[], super::super::Format::Html, &options).unwrap();
            assert_eq!(svg_one.output, svg_two.output);
            assert_eq!(svg_one.warnings, svg_two.warnings);
            assert_eq!(page_one.output, page_two.output);
            assert_eq!(page_one.warnings, page_two.warnings);
        }
    }

    #[test]
    fn run_dot_draws_a_graph() {
        if !dot_available() {
            eprintln!("SKIPPED run_dot_draws_a_graph: Graphviz `dot` is not installed");
            return;
        }
        let svg = run_dot("digraph { a -> b }", Duration::from_secs(20)).unwrap();
        assert!(svg.output.contains("</svg>"));
    }
}
