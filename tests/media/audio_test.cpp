// Audio windows for the audio evidence (16 kHz mono float), audio stream
// facts and the speech check, on clips generated with the ffmpeg CLI and
// espeak-ng, and on the voices Debian's alsa-utils ships.
#include "media/audio.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <random>

#include "media/probe.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

namespace fs = std::filesystem;
using testing::error_code_of;
using testing::ffmpeg;
using testing::garble_media_data;
using testing::quoted;

constexpr int kRate = 16000;
const fs::path kAlsaVoice = "/usr/share/sounds/alsa/Front_Center.wav";  // a human voice, 1.4 s
const fs::path kAlsaNoise = "/usr/share/sounds/alsa/Noise.wav";

// A one-hour podcast in a minute: one minute encoded, then stream-copied 60 times.
void one_hour(const fs::path& dir, const std::string& ext, const std::string& codec) {
  fs::path minute = dir / ("minute." + ext);
  ffmpeg("-f lavfi -i sine=frequency=300:duration=60 -ac 1 -ar 16000 " + codec + " " + quoted(minute));
  ffmpeg("-stream_loop 59 -i " + quoted(minute) + " -c copy " + quoted(dir / ("hour." + ext)));
}

void generate(const fs::path& dir) {
  auto at = [&](const char* name) { return quoted(dir / name); };
  // Eight equal channels at 48 kHz (7.1).
  ffmpeg("-f lavfi -i \"aevalsrc=0.2*sin(2*PI*440*t):s=48000:d=3\" -af \"pan=7.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0|c6=c0|c7=c0\" " +
         at("eight-channels.wav"));
  // 5.1 with the sound in the centre channel alone, as film dialogue is;
  // and 5.1 with a tone in the LFE channel alone.
  ffmpeg("-f lavfi -i \"aevalsrc=0.2*sin(2*PI*440*t):s=48000:d=3\" -af \"pan=5.1|c2=c0\" " + at("centre-only-5.1.wav"));
  ffmpeg("-f lavfi -i \"aevalsrc=0.2*sin(2*PI*60*t):s=48000:d=3\" -af \"pan=5.1|c3=c0\" " + at("lfe-only-5.1.wav"));
  // Odd rates, each a 1 kHz tone of 3 s.
  ffmpeg("-f lavfi -i sine=frequency=1000:duration=3 -ar 11025 -c:a libmp3lame " + at("rate-11025.mp3"));
  ffmpeg("-f lavfi -i sine=frequency=1000:duration=3 -ar 7350 -c:a aac " + at("rate-7350.m4a"));
  ffmpeg("-f lavfi -i sine=frequency=1000:duration=3 -ar 96000 -af \"pan=stereo|c0=c0|c1=c0\" " + at("rate-96000-stereo.wav"));
  ffmpeg("-f lavfi -i sine=frequency=1000:duration=3 -ar 48000 -c:a libopus " + at("opus.ogg"));
  // The same signal the identity tests compute, as float samples.
  ffmpeg("-f lavfi -i \"aevalsrc=0.5*sin(2*PI*440*t):s=16000:d=2\" -c:a pcm_f32le " + at("sine-16k.wav"));
  ffmpeg("-f lavfi -i \"aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=2\" -c:a pcm_f32le " + at("sine-48k.wav"));
  ffmpeg("-f lavfi -i testsrc=duration=1:size=160x120:rate=10 -c:v libx264 -preset ultrafast -pix_fmt yuv420p " +
         at("no-audio.mp4"));
  // Ten and a half seconds of video with AAC audio whose pitch says the
  // second: 200 Hz in the first, 300 Hz in the second, ...
  ffmpeg("-f lavfi -i testsrc=duration=10.5:size=320x240:rate=25 -f lavfi -i "
         "\"aevalsrc=0.3*sin(2*PI*(200+100*floor(t))*t):s=44100:d=10.5\" -c:v libx264 -preset ultrafast "
         "-pix_fmt yuv420p -c:a aac -b:a 128k -shortest " + at("video-with-pitch-steps.mp4"));
  // Matroska with negative times kept: its first 2 s of packets carry no
  // time, and libavformat cannot seek in it.
  ffmpeg("-itsoffset -2 -i " + at("video-with-pitch-steps.mp4") + " -c copy -avoid_negative_ts disabled " +
         at("untimed-start.mkv"));
  ffmpeg("-f lavfi -i sine=frequency=300:duration=5 -c:a aac -movflags +faststart " + at("garbled.m4a"));
  garble_media_data(dir / "garbled.m4a");
  // Moov at the end, cut before it: nothing says what the data is.
  ffmpeg("-f lavfi -i sine=frequency=300:duration=5 -c:a aac " + at("whole.m4a"));
  fs::copy_file(dir / "whole.m4a", dir / "truncated.m4a");
  fs::resize_file(dir / "truncated.m4a", fs::file_size(dir / "whole.m4a") / 2);
  one_hour(dir, "ogg", "-c:a libopus -b:a 12k");
  one_hour(dir, "m4a", "-c:a aac -b:a 24k");
  // Tones that are not speech: a steady one, and a one-second beep in silence.
  ffmpeg("-f lavfi -i \"aevalsrc=0.1*sin(2*PI*440*t):s=16000:d=4.04\" " + at("sine440.wav"));
  ffmpeg("-f lavfi -i \"aevalsrc=if(between(t\\,1.5\\,2.5)\\,0.3*sin(2*PI*440*t)\\,0):s=16000:d=4.04\" " + at("beep.wav"));
  // Raw AAC whose channels change mid-way: stereo, mono, stereo again.
  ffmpeg("-f lavfi -i sine=frequency=440:duration=1 -ac 1 -c:a aac " + at("mono.aac"));
  ffmpeg("-f lavfi -i sine=frequency=440:duration=1 -ac 2 -c:a aac " + at("stereo.aac"));
  {
    std::ofstream joined(dir / "stereo-mono-stereo.aac", std::ios::binary);
    for (const char* part : {"stereo.aac", "mono.aac", "stereo.aac"}) joined << std::ifstream(dir / part, std::ios::binary).rdbuf();
  }
  // Songs and podcasts with cover art: the picture is a "video" stream.
  ffmpeg("-f lavfi -i testsrc=size=300x300 -frames:v 1 " + at("cover.jpg"));
  for (const char* song : {"cover.mp3", "cover.m4a"})
    ffmpeg("-f lavfi -i sine=frequency=440:duration=3 -i " + at("cover.jpg") + " -map 0:a -map 1:v -c:v copy " +
           "-disposition:v attached_pic " + quoted(dir / song));
  // Neither pictures nor sound: one subtitle track.
  std::ofstream(dir / "subtitles.srt") << "1\n00:00:00,000 --> 00:00:01,000\nHello\n";
  ffmpeg("-i " + at("subtitles.srt") + " " + at("subtitles-only.mkv"));
  std::string espeak = "espeak-ng -w " + at("espeak.wav") + " 'The quick brown fox jumps over the lazy dog near the river bank'";
  if (std::system(espeak.c_str()) != 0) throw std::runtime_error("test set-up failed: " + espeak);
}

fs::path clip(const std::string& name) {
  static const fs::path dir = testing::generated_once("deeptrace-audio-clips-v7", generate);
  return dir / name;
}

std::vector<AudioWindow> windows_of(const fs::path& file, AudioWindowOptions options = {}) {
  std::vector<AudioWindow> windows;
  read_audio_windows(file, options, [&](AudioWindow&& w) { windows.push_back(std::move(w)); });
  return windows;
}

double rms(const std::vector<float>& x, size_t from = 0, size_t to = SIZE_MAX) {
  to = std::min(to, x.size());
  double sum = 0;
  for (size_t i = from; i < to; ++i) sum += static_cast<double>(x[i]) * x[i];
  return std::sqrt(sum / static_cast<double>(to - from));
}

// A pure tone's frequency from its zero crossings.
double tone_hz(const std::vector<float>& x, size_t from, size_t to) {
  int crossings = 0;
  for (size_t i = from + 1; i < to; ++i) crossings += (x[i] >= 0) != (x[i - 1] >= 0) ? 1 : 0;
  return crossings / 2.0 / (static_cast<double>(to - from) / kRate);
}

// --- stream facts ---------------------------------------------------------

TEST(ProbeAudio, GivesTheFirstAudioStreamsFacts) {
  auto info = probe_audio(clip("eight-channels.wav"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->codec, "pcm_s16le");
  EXPECT_EQ(info->channels, 8);
  EXPECT_EQ(info->sample_rate, 48000);
  EXPECT_NEAR(info->duration_s, 3.0, 0.05);

  auto aac = probe_audio(clip("video-with-pitch-steps.mp4"));
  ASSERT_TRUE(aac);
  EXPECT_EQ(aac->codec, "aac");
  EXPECT_EQ(aac->channels, 1);
  EXPECT_EQ(aac->sample_rate, 44100);
  EXPECT_NEAR(aac->duration_s, 10.5, 0.1);
}

TEST(ProbeAudio, AVideoWithoutAudioHasNone) { EXPECT_FALSE(probe_audio(clip("no-audio.mp4"))); }

// --- audio-only uploads ---------------------------------------------------

TEST(ProbeMedia, AudioOnlyFilesInEveryContainerAreAudioJobs) {
  struct Case {
    const char* file;
    const char* sniffed;
    const char* codec;
  };
  for (auto [file, sniffed, codec] : {Case{"rate-7350.m4a", "audio/mp4", "aac"}, Case{"rate-11025.mp3", "audio/mpeg", "mp3"},
                                      Case{"eight-channels.wav", "audio/wav", "pcm_s16le"}, Case{"opus.ogg", "audio/ogg", "opus"}}) {
    MediaInfo info;
    info.content_type = sniff_media_type(clip(file));
    EXPECT_EQ(info.content_type, sniffed) << file;
    probe_media(clip(file), {}, info);
    EXPECT_TRUE(is_audio_only(info)) << file;
    EXPECT_EQ(media_kind(info), "audio") << file;
    EXPECT_EQ(info.codec, codec) << file;
    EXPECT_NEAR(info.duration_s, 3, 0.2) << file;  // MP3 adds encoder padding
    EXPECT_EQ(info.width, 0) << file;
    EXPECT_EQ(info.fps, 0) << file;
  }
}

TEST(ProbeMedia, SoundWithCoverArtIsAudio) {
  for (const char* song : {"cover.mp3", "cover.m4a"}) {
    MediaInfo info;
    probe_media(clip(song), {}, info);
    EXPECT_EQ(media_kind(info), "audio") << song;
    EXPECT_NEAR(info.duration_s, 3, 0.2) << song;
    auto windows = windows_of(clip(song));
    ASSERT_EQ(windows.size(), 1u) << song;
    EXPECT_NEAR(tone_hz(windows[0].samples, 8000, 40000), 440, 5) << song;
  }
}

TEST(ProbeMedia, AFileWithNeitherPicturesNorSoundHasNoVideoStream) {
  EXPECT_EQ(error_code_of([] { MediaInfo info; probe_media(clip("subtitles-only.mkv"), {}, info); }),
            ErrorCode::NO_VIDEO_STREAM);
}

TEST(ProbeMedia, AudioLongerThanTheLimitIsTooLong) {
  EXPECT_EQ(error_code_of([] { MediaInfo info; probe_media(clip("hour.ogg"), {.max_duration_s = 600}, info); }),
            ErrorCode::MEDIA_TOO_LONG);
  MediaInfo info;
  EXPECT_NO_THROW(probe_media(clip("hour.ogg"), {.max_duration_s = 7200}, info));
}

TEST(ProbeMedia, AudioThatDoesNotDecodeIsCorrupt) {
  EXPECT_EQ(error_code_of([] { MediaInfo info; probe_media(clip("garbled.m4a"), {}, info); }), ErrorCode::CORRUPT_MEDIA);
}

// sniff_probe_fuzz: a WAV header claiming 1,042,235,392 samples a second made
// the probe resample for 20 s in 1.5 GB. Rates above 768 kHz are refused.
TEST(ProbeMedia, AnAbsurdSampleRateIsCorruptNotResampled) {
  fs::path wav = clip("sine-16k.wav").parent_path() / "absurd-rate.wav";
  fs::copy_file(clip("sine-16k.wav"), wav, fs::copy_options::overwrite_existing);
  {
    std::fstream f(wav, std::ios::in | std::ios::out | std::ios::binary);
    std::string head(64, '\0');
    f.read(head.data(), 64);
    auto fmt = head.find("fmt ");
    ASSERT_NE(fmt, std::string::npos);
    const std::uint32_t rate = 1042235392;  // little-endian, 4 bytes after the format tag and channels
    f.seekp(static_cast<std::streamoff>(fmt + 12));
    f.write(reinterpret_cast<const char*>(&rate), sizeof rate);
  }
  MediaInfo info;
  try {
    probe_media(wav, {}, info);
    ADD_FAILURE() << "accepted a WAV at 1,042,235,392 Hz";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::CORRUPT_MEDIA);
    EXPECT_NE(std::string(e.what()).find("above 768000 Hz"), std::string::npos) << e.what();
  }
}

// --- windows ----------------------------------------------------------------

TEST(AudioWindows, SixteenKilohertzMonoComesOutUnchanged) {
  auto windows = windows_of(clip("sine-16k.wav"), {.window_samples = 8000});
  ASSERT_EQ(windows.size(), 4u);
  for (size_t w = 0; w < windows.size(); ++w) {
    EXPECT_DOUBLE_EQ(windows[w].t, 0.5 * static_cast<double>(w));
    ASSERT_EQ(windows[w].samples.size(), 8000u);
    for (size_t i = 0; i < 8000; ++i) {
      double n = static_cast<double>(w * 8000 + i);
      ASSERT_NEAR(windows[w].samples[i], 0.5 * std::sin(2 * std::numbers::pi * 440 * n / kRate), 1e-3) << "sample " << n;
    }
  }
}

// Resampling keeps the timing: no delay, no drift.
TEST(AudioWindows, FortyEightKilohertzIsResampledInStep) {
  auto windows = windows_of(clip("sine-48k.wav"));
  ASSERT_EQ(windows.size(), 1u);
  ASSERT_NEAR(static_cast<double>(windows[0].samples.size()), 2 * kRate, 2);
  for (size_t i = 100; i + 100 < windows[0].samples.size(); ++i) {
    double expected = 0.5 * std::sin(2 * std::numbers::pi * 440 * static_cast<double>(i) / kRate);
    ASSERT_NEAR(windows[0].samples[i], expected, 1e-2) << "sample " << i;
  }
}

// Surround sound is mixed down as its ITU-R BS.775 stereo pair (centre and
// surrounds at -3 dB, LFE dropped), then the mean of the pair, as stereo is.
TEST(AudioWindows, EightChannelsMixDownAsTheirStereoPair) {
  auto windows = windows_of(clip("eight-channels.wav"));
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_NEAR(static_cast<double>(windows[0].samples.size()), 3 * kRate, 2);
  const double weights = 0.5 + 0.5 + std::sqrt(0.5) + 0 + 4 * 0.5 * std::sqrt(0.5);  // FL FR FC LFE BL BR SL SR
  EXPECT_NEAR(rms(windows[0].samples, 1000, 47000), weights * 0.2 / std::sqrt(2.0), 0.005);
  EXPECT_NEAR(tone_hz(windows[0].samples, 1000, 47000), 440, 3);
}

// Dialogue in a 5.1 mix's centre channel keeps its level (-3 dB): the plain
// mean of six channels put it at -15.6 dB, where AASIST read a synthetic
// voice as 0.27 instead of 1.00.
TEST(AudioWindows, TheCentreChannelOfSurroundKeepsItsLevel) {
  auto windows = windows_of(clip("centre-only-5.1.wav"));
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_NEAR(rms(windows[0].samples, 1000, 47000), std::sqrt(0.5) * 0.2 / std::sqrt(2.0), 0.005);
  EXPECT_NEAR(tone_hz(windows[0].samples, 1000, 47000), 440, 3);
  auto lfe = windows_of(clip("lfe-only-5.1.wav"));
  ASSERT_EQ(lfe.size(), 1u);
  EXPECT_LT(rms(lfe[0].samples, 1000, 47000), 1e-4) << "the LFE channel carries no speech";
}

TEST(AudioWindows, OddRatesAndCodecsGiveSixteenKilohertz) {
  for (const char* name : {"rate-11025.mp3", "rate-7350.m4a", "rate-96000-stereo.wav", "opus.ogg"}) {
    auto windows = windows_of(clip(name));
    ASSERT_EQ(windows.size(), 1u) << name;
    const auto& x = windows[0].samples;
    EXPECT_NEAR(static_cast<double>(x.size()), 3 * kRate, 0.1 * kRate) << name;
    EXPECT_NEAR(tone_hz(x, 8000, 40000), 1000, 5) << name;
    // lavfi's sine source has amplitude 1/8.
    EXPECT_NEAR(rms(x, 8000, 40000), 0.125 / std::sqrt(2.0), 0.01) << name;
  }
}

TEST(AudioWindows, ChannelsThatChangeMidStreamAreFollowed) {
  auto windows = windows_of(clip("stereo-mono-stereo.aac"));
  ASSERT_EQ(windows.size(), 1u);
  const auto& x = windows[0].samples;
  // Raw ADTS keeps each part's encoder priming and padding: about 3.13 s.
  EXPECT_NEAR(static_cast<double>(x.size()), 3.1 * kRate, 0.1 * kRate);
  for (int second = 0; second < 3; ++second) {
    size_t from = static_cast<size_t>(second * kRate + 2000), to = static_cast<size_t>(second * kRate + 14000);
    EXPECT_NEAR(tone_hz(x, from, to), 440, 5) << "second " << second;
  }
}

TEST(AudioWindows, ShortAudioGivesOneShortWindow) {
  auto windows = windows_of(kAlsaVoice);
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0].t, 0);
  EXPECT_NEAR(static_cast<double>(windows[0].samples.size()), 1.428 * kRate, 0.01 * kRate);
}

// One-second windows of a video's AAC track: the pitch of each tells the
// second it was cut from.
void expect_pitch_of_its_second(const AudioWindow& w) {
  ASSERT_EQ(w.samples.size(), static_cast<size_t>(kRate));
  int second = static_cast<int>(std::lround(w.t));
  EXPECT_NEAR(w.t, second, 0.03);
  EXPECT_NEAR(tone_hz(w.samples, 800, 15200), 200 + 100 * second, 6) << "window at " << w.t << " s";
}

TEST(AudioWindows, AllWindowsOfAVideosAudioFollowEachOther) {
  auto windows = windows_of(clip("video-with-pitch-steps.mp4"), {.window_samples = kRate, .max_windows = 16});
  ASSERT_EQ(windows.size(), 10u);
  for (const auto& w : windows) expect_pitch_of_its_second(w);
}

// Four windows in 10.5 s: from the start to 1.5 s before the end (a
// window's length, and half a second of margin), so at 0, 3, 6 and 9 s.
TEST(AudioWindows, WindowsSpreadOverALongerTrackAreCutAtTheirTimes) {
  fs::path video = clip("video-with-pitch-steps.mp4");
  auto windows = windows_of(video, {.window_samples = kRate, .max_windows = 4});
  ASSERT_EQ(windows.size(), 4u);
  double last_start = probe_audio(video)->duration_s - 1.5;
  for (size_t i = 0; i < windows.size(); ++i) {
    EXPECT_NEAR(windows[i].t, last_start * static_cast<double>(i) / 3, 0.001);
    expect_pitch_of_its_second(windows[i]);
  }
}

// Its audio seek fails too. (Unlike the video's, this failure keeps the
// demuxer's place, so the test guards the rule rather than a defect seen:
// after a failed seek the audio is decoded forward from the start.) Every
// window is whole and in order.
TEST(AudioWindows, AreCutFromAContainerThatCannotSeek) {
  auto windows = windows_of(clip("untimed-start.mkv"), {.window_samples = kRate, .max_windows = 4});
  ASSERT_EQ(windows.size(), 4u);
  for (size_t i = 0; i < windows.size(); ++i) {
    EXPECT_EQ(windows[i].samples.size(), static_cast<size_t>(kRate)) << i;
    if (i > 0) EXPECT_GT(windows[i].t, windows[i - 1].t) << i;
  }
}

class OneHour : public ::testing::TestWithParam<std::string> {};

// A podcast: only the windows' spans are decoded (decoding the whole hour of
// Opus takes the ffmpeg CLI about 4 s of CPU), and at most max_windows of
// them come out.
TEST_P(OneHour, IsReadInBoundedWindowsQuickly) {
  fs::path hour = clip("hour." + GetParam());
  auto started = std::chrono::steady_clock::now();
  auto windows = windows_of(hour);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("read_seconds", std::to_string(seconds));
  std::printf("one hour of %s: %zu windows in %.3f s\n", GetParam().c_str(), windows.size(), seconds);
  ASSERT_EQ(windows.size(), 16u);
  double last_start = probe_audio(hour)->duration_s - 64600.0 / kRate - 0.5;
  for (size_t i = 0; i < windows.size(); ++i) {
    EXPECT_EQ(windows[i].samples.size(), 64600u) << "window " << i;
    EXPECT_NEAR(windows[i].t, last_start * static_cast<double>(i) / 15, 0.01) << "window " << i;
    EXPECT_NEAR(tone_hz(windows[i].samples, 1000, 63600), 300, 3) << "window " << i;
  }
  EXPECT_LT(seconds, 3.0);
}

INSTANTIATE_TEST_SUITE_P(Containers, OneHour, ::testing::Values("ogg", "m4a"));

TEST(AudioWindows, AFileWithoutAudioGivesNoWindow) {
  EXPECT_TRUE(windows_of(clip("no-audio.mp4")).empty());
}

TEST(AudioWindows, GarbledAudioIsCorruptMedia) {
  EXPECT_EQ(error_code_of([] { windows_of(clip("garbled.m4a")); }), ErrorCode::CORRUPT_MEDIA);
}

TEST(AudioWindows, TruncatedAudioIsCorruptMedia) {
  EXPECT_EQ(error_code_of([] { windows_of(clip("truncated.m4a")); }), ErrorCode::CORRUPT_MEDIA);
}

// --- speech ---------------------------------------------------------------

SpeechCheck speech_in(const fs::path& file) {
  auto windows = windows_of(file);
  if (windows.empty()) throw std::runtime_error("no audio in " + file.string());
  SpeechCheck check = detect_speech(windows[0].samples, kRate);
  std::printf("%s: speech %d, ratio %.2f, modulation %.2f dB\n", file.filename().c_str(), check.speech,
              check.speech_ratio, check.modulation_db);
  return check;
}

TEST(DetectSpeech, HearsTheHumanVoiceDebianShips) { EXPECT_TRUE(speech_in(kAlsaVoice).speech); }

TEST(DetectSpeech, HearsEspeakNgsSyntheticVoice) { EXPECT_TRUE(speech_in(clip("espeak.wav")).speech); }

TEST(DetectSpeech, NoiseIsNotSpeech) { EXPECT_FALSE(speech_in(kAlsaNoise).speech); }

TEST(DetectSpeech, ASteadyToneIsNotSpeech) { EXPECT_FALSE(speech_in(clip("sine440.wav")).speech); }

TEST(DetectSpeech, ABeepInSilenceIsNotSpeech) { EXPECT_FALSE(speech_in(clip("beep.wav")).speech); }

TEST(DetectSpeech, SilenceIsNotSpeech) {
  EXPECT_FALSE(detect_speech(std::vector<float>(64600, 0.0f), kRate).speech);
  std::mt19937 random(1);
  std::normal_distribution<float> dither(0, 1e-5f);
  std::vector<float> near_silence(64600);
  for (auto& x : near_silence) x = dither(random);
  EXPECT_FALSE(detect_speech(near_silence, kRate).speech);
}

TEST(DetectSpeech, TooLittleAudioIsNotSpeech) {
  EXPECT_FALSE(detect_speech({}, kRate).speech);
  EXPECT_FALSE(detect_speech(std::vector<float>(100, 0.5f), kRate).speech);
}

}  // namespace
}  // namespace deeptrace::media
