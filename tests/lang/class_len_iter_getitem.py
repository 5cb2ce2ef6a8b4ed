# Container protocols: __len__, __iter__, __getitem__ and __contains__.
class Playlist:
    def __init__(self, *songs):
        self.songs = list(songs)
    def __len__(self):
        return len(self.songs)
    def __iter__(self):
        return iter(self.songs)
    def __getitem__(self, i):
        return self.songs[i]
    def __contains__(self, song):
        return song.lower() in (s.lower() for s in self.songs)
p = Playlist("Intro", "月亮代表我的心", "Outro")
print(len(p), list(p), p[1], p[-1], p[0:2], "intro" in p, "x" in p)
for i, s in enumerate(p):
    print(i, s)
print(bool(Playlist()), bool(p), sorted(p), max(p, key=len))
class Squares:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
print(list(Squares()), 9 in Squares())
