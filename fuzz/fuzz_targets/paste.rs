//! Pasting into the editor (the first byte picks body, title or tags), then drawing it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use trustwork::ui::screens::editor::{Editor, Focus};

fuzz_target!(|data: &[u8]| {
    let Some((which, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let mut ed = Editor::new("free".into(), None);
    ed.focus = [Focus::Body, Focus::Title, Focus::Tags][*which as usize % 3];
    ed.paste(&text);
    ed.paste(&text);
    let typed_ok = |c: char| !c.is_control() || c == '\n' || c == '\t';
    assert!(ed.text().chars().all(typed_ok), "{:?}", ed.text());
    assert!(ed.title.chars().all(|c| typed_ok(c) && c != '\n'));
    assert!(ed.tags.chars().all(|c| typed_ok(c) && c != '\n'));
    let area = ratatui::layout::Rect::new(0, 0, 40, 8);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(&ed.body, area, &mut buf);
});
